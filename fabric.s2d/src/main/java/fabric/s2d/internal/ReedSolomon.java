package fabric.s2d.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A systematic Reed-Solomon erasure code over GF(2^8) with {@code k} data and {@code m} parity
 * shards. The parity rows form a Cauchy matrix, so every {@code k x k} sub-matrix of the generator
 * {@code [I; C]} is invertible and any {@code k} surviving shards restore the others. Coding is
 * table driven (one lookup per byte and coefficient); decoding matrices are cached per erasure
 * pattern, so steady-state coding allocates nothing. Thread-safe.
 */
public final class ReedSolomon {

    private final int k;
    private final int m;
    /** The parity rows: coefficient tables, parity[i][j] = MUL[C[i][j]]. */
    private final byte[][][] parityTables;
    private final int[][] generator;
    private final ConcurrentHashMap<Integer, byte[][][]> decoders = new ConcurrentHashMap<>();

    /**
     * @param k data shards; 1 to 16
     * @param m parity shards; 1 to 4
     */
    public ReedSolomon(int k, int m) {
        if (k < 1 || k > 16 || m < 1 || m > 4) {
            throw new IllegalArgumentException("Reed-Solomon " + k + "+" + m + ": k must be 1-16 and m 1-4");
        }
        this.k = k;
        this.m = m;
        generator = new int[k + m][k];
        for (int i = 0; i < k; i++) {
            generator[i][i] = 1;
        }
        parityTables = new byte[m][k][];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                int c = Gf256.inverse(i ^ (m + j));
                generator[k + i][j] = c;
                parityTables[i][j] = Gf256.MUL[c];
            }
        }
    }

    /** @return data shards */
    public int dataShards() {
        return k;
    }

    /** @return parity shards */
    public int parityShards() {
        return m;
    }

    /**
     * Computes the parity shards of {@code len} bytes of each data shard.
     *
     * @param data k arrays of data
     * @param dataOffset where the bytes start in each data array
     * @param parity m arrays the parity goes to
     * @param parityOffset where it goes in each parity array
     * @param len bytes per shard
     */
    public void encode(byte[][] data, int dataOffset, byte[][] parity, int parityOffset, int len) {
        for (int i = 0; i < m; i++) {
            combine(parityTables[i], data, dataOffset, parity[i], parityOffset, len);
        }
    }

    /**
     * Restores missing shards from any {@code k} present ones.
     *
     * @param shards k+m arrays, data first, then parity
     * @param offset where the bytes start in every array
     * @param len bytes per shard
     * @param presentMask bit i set when shard i holds valid bytes; at least k bits
     * @param wantedMask bit i set for each missing shard to restore; when it names a parity shard, every
     *        data shard that is not present is restored as well (its array is overwritten)
     * @throws IllegalArgumentException when fewer than k shards are present
     */
    public void reconstruct(byte[][] shards, int offset, int len, int presentMask, int wantedMask) {
        if (Integer.bitCount(presentMask) < k) {
            throw new IllegalArgumentException("only " + Integer.bitCount(presentMask) + " of " + (k + m)
                    + " shards present, " + k + " needed");
        }
        int chosen = choose(presentMask);
        byte[][][] dec = decoders.computeIfAbsent(chosen, this::decoder);
        byte[][] inputs = new byte[k][];
        int n = 0;
        for (int s = 0; s < k + m && n < k; s++) {
            if ((chosen & (1 << s)) != 0) {
                inputs[n++] = shards[s];
            }
        }
        int dataMask = (1 << k) - 1;
        int missingData = wantedMask & dataMask;
        if ((wantedMask >>> k) != 0) {
            // parity is recomputed from all data: restore every data shard that is not present
            missingData |= ~presentMask & dataMask;
        }
        for (int j = 0; j < k; j++) {
            if ((missingData & (1 << j)) != 0) {
                combine(dec[j], inputs, offset, shards[j], offset, len);
            }
        }
        int missingParity = wantedMask >>> k;
        if (missingParity != 0) {
            byte[][] data = new byte[k][];
            System.arraycopy(shards, 0, data, 0, k);
            for (int i = 0; i < m; i++) {
                if ((missingParity & (1 << i)) != 0) {
                    combine(parityTables[i], data, offset, shards[k + i], offset, len);
                }
            }
        }
    }

    private int choose(int presentMask) {
        int chosen = 0;
        int count = 0;
        for (int s = 0; s < k + m && count < k; s++) {
            if ((presentMask & (1 << s)) != 0) {
                chosen |= 1 << s;
                count++;
            }
        }
        return chosen;
    }

    private byte[][][] decoder(int chosen) {
        int[][] sub = new int[k][];
        int n = 0;
        for (int s = 0; s < k + m; s++) {
            if ((chosen & (1 << s)) != 0) {
                sub[n++] = generator[s];
            }
        }
        int[][] inv = Gf256.invert(sub);
        byte[][][] tables = new byte[k][k][];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                tables[j][i] = Gf256.MUL[inv[j][i]];
            }
        }
        return tables;
    }

    /** out = sum over j of tables[j] * in[j], byte by byte. */
    private static void combine(byte[][] tables, byte[][] in, int inOffset, byte[] out, int outOffset, int len) {
        byte[] t0 = tables[0];
        byte[] s0 = in[0];
        int n = tables.length;
        if (n >= 2) {
            byte[] t1 = tables[1];
            byte[] s1 = in[1];
            for (int p = 0; p < len; p++) {
                out[outOffset + p] = (byte) (t0[s0[inOffset + p] & 0xff] ^ t1[s1[inOffset + p] & 0xff]);
            }
        } else {
            for (int p = 0; p < len; p++) {
                out[outOffset + p] = t0[s0[inOffset + p] & 0xff];
            }
        }
        int j = 2;
        for (; j + 1 < n; j += 2) {
            byte[] ta = tables[j];
            byte[] sa = in[j];
            byte[] tb = tables[j + 1];
            byte[] sb = in[j + 1];
            for (int p = 0; p < len; p++) {
                out[outOffset + p] ^= (byte) (ta[sa[inOffset + p] & 0xff] ^ tb[sb[inOffset + p] & 0xff]);
            }
        }
        if (j < n) {
            byte[] ta = tables[j];
            byte[] sa = in[j];
            for (int p = 0; p < len; p++) {
                out[outOffset + p] ^= ta[sa[inOffset + p] & 0xff];
            }
        }
    }
}
