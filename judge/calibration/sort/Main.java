import java.util.Arrays;
import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        int n = new Scanner(System.in).nextInt();
        long[] a = new long[n];
        long x = 1;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245L + 12345) % 2147483648L;
            a[i] = x;
        }
        Arrays.sort(a);
        long sum = 0;
        for (int i = 0; i < n; i++) sum = (sum + (i + 1) * a[i]) % 1000000007L;
        System.out.println(sum);
    }
}
