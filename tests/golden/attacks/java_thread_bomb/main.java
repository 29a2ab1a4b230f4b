public class Main {
    public static void main(String[] args) {
        int n = 0;
        while (n < 100_000) {
            Thread t = new Thread(() -> {
                try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }
            });
            t.setDaemon(true);
            t.start();
            n++;
        }
        System.out.println("UNBOUNDED " + n);
    }
}
