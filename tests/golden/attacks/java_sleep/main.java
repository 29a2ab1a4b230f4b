public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("sleeping");
        System.out.flush();
        Thread.sleep(3_600_000L);
        System.out.println("WOKE");
    }
}
