import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.HashMap;
import java.util.Map;

// Runtime error: assumes the input starts with the number of words; Integer.parseInt("the")
// throws NumberFormatException, which nobody catches.
public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String[] first = in.readLine().trim().split("\\s+");
        int n = Integer.parseInt(first[0]);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String[] words = in.readLine().trim().split("\\s+");
            for (String w : words) counts.merge(w, 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet())
            System.out.println(e.getKey() + " " + e.getValue());
    }
}
