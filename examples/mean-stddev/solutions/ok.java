import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer st = new StringTokenizer("");
        int n = -1;
        double[] x = null;
        int k = 0;
        String line;
        while ((line = in.readLine()) != null) {
            st = new StringTokenizer(line);
            while (st.hasMoreTokens()) {
                String tok = st.nextToken();
                if (n < 0) { n = Integer.parseInt(tok); x = new double[n]; }
                else if (k < n) x[k++] = Double.parseDouble(tok);
            }
        }
        double sum = 0;
        for (double v : x) sum += v;
        double mean = sum / n, sq = 0;
        for (double v : x) sq += (v - mean) * (v - mean);
        System.out.printf(java.util.Locale.ROOT, "%.9f %.9f%n", mean, Math.sqrt(sq / n));
    }
}
