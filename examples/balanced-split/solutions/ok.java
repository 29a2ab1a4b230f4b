import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.StringTokenizer;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        StringTokenizer st = new StringTokenizer(in.readLine());
        int[] w = new int[n + 1];
        int total = 0;
        for (int i = 1; i <= n; i++) { w[i] = Integer.parseInt(st.nextToken()); total += w[i]; }
        boolean[][] reach = new boolean[n + 1][total + 1];
        reach[0][0] = true;
        for (int i = 1; i <= n; i++)
            for (int s = 0; s <= total; s++)
                reach[i][s] = reach[i - 1][s] || (s >= w[i] && reach[i - 1][s - w[i]]);
        int s = total / 2;
        while (!reach[n][s]) s--;
        List<Integer> chosen = new ArrayList<>();
        for (int i = n; i >= 1; i--)
            if (!reach[i - 1][s]) { chosen.add(i); s -= w[i]; }
        StringBuilder out = new StringBuilder();
        out.append(chosen.size()).append('\n');
        for (int k = chosen.size() - 1; k >= 0; k--) {
            out.append(chosen.get(k));
            if (k > 0) out.append(' ');
        }
        System.out.println(out);
    }
}
