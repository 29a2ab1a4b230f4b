public class Main {
    public static void main(String[] args) {
        String line = "E".repeat(1 << 16);
        while (true) System.err.println(line);
    }
}
