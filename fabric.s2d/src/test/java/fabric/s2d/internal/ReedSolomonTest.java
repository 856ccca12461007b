package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {

    @Test
    void everyElementHasAnInverse() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, Gf256.mul(a, Gf256.inverse(a)), "a=" + a);
        }
        assertThrows(ArithmeticException.class, () -> Gf256.inverse(0));
    }

    @Test
    void anyErasuresUpToParityAreRestored() {
        int[][] layouts = {{2, 1}, {3, 1}, {2, 2}, {4, 2}, {6, 2}, {1, 2}};
        Random random = new Random(42);
        for (int[] l : layouts) {
            int k = l[0];
            int m = l[1];
            int n = k + m;
            ReedSolomon rs = new ReedSolomon(k, m);
            int len = 4096 + 17;
            byte[][] shards = new byte[n][len];
            for (int j = 0; j < k; j++) {
                random.nextBytes(shards[j]);
            }
            byte[][] parity = new byte[m][];
            System.arraycopy(shards, k, parity, 0, m);
            rs.encode(shards, 0, parity, 0, len);
            byte[][] original = new byte[n][];
            for (int s = 0; s < n; s++) {
                original[s] = shards[s].clone();
            }
            for (int lost = 0; lost < (1 << n); lost++) {
                if (Integer.bitCount(lost) > m || lost == 0) {
                    continue;
                }
                for (int s = 0; s < n; s++) {
                    if ((lost & (1 << s)) != 0) {
                        random.nextBytes(shards[s]);
                    }
                }
                // restore only the parity shards that were lost: lost data comes back too
                int wanted = lost >>> k != 0 ? lost & ~((1 << k) - 1) : lost;
                rs.reconstruct(shards, 0, len, ((1 << n) - 1) & ~lost, wanted);
                for (int s = 0; s < n; s++) {
                    assertArrayEquals(original[s], shards[s], k + "+" + m + " lost mask " + lost + " shard " + s);
                }
            }
        }
    }

    @Test
    void theFirstParityIsThePlainXorOfTheData() {
        ReedSolomon rs = new ReedSolomon(6, 2);
        Random random = new Random(8);
        byte[][] data = new byte[6][1000];
        byte[] xor = new byte[1000];
        for (byte[] d : data) {
            random.nextBytes(d);
            for (int i = 0; i < xor.length; i++) {
                xor[i] ^= d[i];
            }
        }
        byte[][] parity = new byte[2][1000];
        rs.encode(data, 0, parity, 0, 1000);
        assertArrayEquals(xor, parity[0]);
    }

    @Test
    void tooFewShardsIsRefused() {
        ReedSolomon rs = new ReedSolomon(4, 2);
        byte[][] shards = new byte[6][16];
        assertThrows(IllegalArgumentException.class, () -> rs.reconstruct(shards, 0, 16, 0b000111, 0b111000));
        assertThrows(IllegalArgumentException.class, () -> new ReedSolomon(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReedSolomon(4, 5));
    }
}
