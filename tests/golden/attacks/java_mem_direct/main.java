import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
public class Main {
    public static void main(String[] args) {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(16 << 20);  // off-heap
            for (int p = 0; p < b.capacity(); p += 4096) b.put(p, (byte) 1);
            keep.add(b);
        }
        System.out.println("ALLOCATED " + keep.size() * 16 + " MB off-heap");
    }
}
