import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Scanner;
public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int reached = 0;
        while (in.hasNext()) {
            String host = in.next();
            int port = in.nextInt();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                System.out.println("CONNECTED " + host + ":" + port);
                reached++;
            } catch (Exception e) {
                System.out.println("blocked " + host + ":" + port + " " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        System.out.println("reached " + reached);
    }
}
