public class Main {
    static volatile long sink;
    public static void main(String[] args) throws Exception {
        Thread[] pool = new Thread[12];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Thread(() -> { long x = 0; while (true) { x++; if (x == -1) sink = x; } });
            pool[i].start();
        }
        for (Thread t : pool) t.join();
    }
}
