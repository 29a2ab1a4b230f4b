import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

public class Main {
    static final DataInputStream in = new DataInputStream(System.in);
    static final byte[] buf = new byte[1 << 16];
    static int len = 0, pos = 0;

    static int read() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) return -1;
        }
        return buf[pos++];
    }

    static int nextInt() throws IOException {
        int c = read();
        while (c < '0' || c > '9') c = read();
        int x = 0;
        while (c >= '0' && c <= '9') { x = x * 10 + (c - '0'); c = read(); }
        return x;
    }

    public static void main(String[] args) throws IOException {
        int n = nextInt();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = nextInt();
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        int[] tree = new int[n + 1];  // Fenwick tree over ranks 1..n
        long inversions = 0;
        for (int seen = 0; seen < n; seen++) {
            // r = how many values are <= a[seen]: a rank in 1..n shared by equal values
            int r = upperBound(sorted, a[seen]);
            int le = 0;
            for (int i = r; i > 0; i -= i & -i) le += tree[i];
            inversions += seen - le;
            for (int i = r; i <= n; i += i & -i) tree[i]++;
        }
        System.out.println(inversions);
    }

    static int upperBound(int[] s, int v) {  // number of elements <= v
        int lo = 0, hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
