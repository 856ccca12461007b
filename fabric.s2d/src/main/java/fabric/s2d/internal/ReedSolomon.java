package fabric.s2d.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A systematic Reed-Solomon erasure code over GF(2^8) with {@code k} data and {@code m} parity
 * shards. The parity rows form a Cauchy matrix (columns scaled so that the first parity row is all
 * ones), so every {@code k x k} sub-matrix of the generator {@code [I; C]} is invertible and any
 * {@code k} surviving shards restore the others. Coding is table driven (one lookup per byte and
 * coefficient) except for coefficient 1, which is a word-wide XOR: the first parity, and the
 * restoring of one lost data shard from it, cost no lookups. Decoding matrices are cached per
 * erasure pattern. Thread-safe.
 */
public final class ReedSolomon {

    private final int k;
    private final int m;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The parity rows of the generator. */
    private final Row[] parityRows;
    private final int[][] generator;
    private final ConcurrentHashMap<Integer, Row[]> decoders = new ConcurrentHashMap<>();

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
        parityRows = new Row[m];
        for (int i = 0; i < m; i++) {
            int[] coefficients = new int[k];
            for (int j = 0; j < k; j++) {
                // a Cauchy matrix with its columns scaled so that the first parity row is all ones:
                // scaling keeps every square sub-matrix invertible, and parity 0 becomes a plain XOR
                int c = Gf256.mul(Gf256.inverse(i ^ (m + j)), m + j);
                generator[k + i][j] = c;
                coefficients[j] = c;
            }
            parityRows[i] = new Row(coefficients);
        }
    }

    /** One row of a coding matrix, split into XOR inputs (coefficient 1) and table inputs. */
    private static final class Row {
        final byte[][] tables;
        final int[] tableInputs;
        final int[] xorInputs;

        Row(int[] coefficients) {
            int t = 0;
            int x = 0;
            for (int c : coefficients) {
                t += c > 1 ? 1 : 0;
                x += c == 1 ? 1 : 0;
            }
            tables = new byte[t][];
            tableInputs = new int[t];
            xorInputs = new int[x];
            t = 0;
            x = 0;
            for (int j = 0; j < coefficients.length; j++) {
                if (coefficients[j] == 1) {
                    xorInputs[x++] = j;
                } else if (coefficients[j] > 1) {
                    tables[t] = Gf256.MUL[coefficients[j]];
                    tableInputs[t++] = j;
                }
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
            combine(parityRows[i], data, dataOffset, parity[i], parityOffset, len);
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
        Row[] dec = decoders.computeIfAbsent(chosen, this::decoder);
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
                    combine(parityRows[i], data, offset, shards[k + i], offset, len);
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

    private Row[] decoder(int chosen) {
        int[][] sub = new int[k][];
        int n = 0;
        for (int s = 0; s < k + m; s++) {
            if ((chosen & (1 << s)) != 0) {
                sub[n++] = generator[s];
            }
        }
        int[][] inv = Gf256.invert(sub);
        Row[] rows = new Row[k];
        for (int j = 0; j < k; j++) {
            rows[j] = new Row(inv[j]);
        }
        return rows;
    }

    /** out = sum over j of coefficient[j] * in[j]: table lookups, then word-wide XOR for coefficient 1. */
    private static void combine(Row row, byte[][] in, int inOffset, byte[] out, int outOffset, int len) {
        byte[][] tables = row.tables;
        int n = tables.length;
        for (int j = 0; j < n; j += 4) {
            pass(row, j, Math.min(4, n - j), in, inOffset, out, outOffset, len, j == 0);
        }
        int[] xors = row.xorInputs;
        int x = 0;
        if (n == 0) {
            if (xors.length == 0) {
                java.util.Arrays.fill(out, outOffset, outOffset + len, (byte) 0);
                return;
            }
            System.arraycopy(in[xors[0]], inOffset, out, outOffset, len);
            x = 1;
        }
        for (; x + 1 < xors.length; x += 2) {
            xorInto(in[xors[x]], in[xors[x + 1]], inOffset, out, outOffset, len);
        }
        if (x < xors.length) {
            xorInto(in[xors[x]], null, inOffset, out, outOffset, len);
        }
    }

    /** One pass over the bytes for up to four table inputs: out = (or ^=) their products. */
    private static void pass(Row row, int from, int count, byte[][] in, int inOffset, byte[] out, int outOffset, int len,
            boolean assign) {
        byte[] ta = row.tables[from];
        byte[] sa = in[row.tableInputs[from]];
        if (count == 1) {
            for (int p = 0; p < len; p++) {
                byte v = ta[sa[inOffset + p] & 0xff];
                out[outOffset + p] = assign ? v : (byte) (out[outOffset + p] ^ v);
            }
            return;
        }
        byte[] tb = row.tables[from + 1];
        byte[] sb = in[row.tableInputs[from + 1]];
        if (count == 2) {
            for (int p = 0; p < len; p++) {
                byte v = (byte) (ta[sa[inOffset + p] & 0xff] ^ tb[sb[inOffset + p] & 0xff]);
                out[outOffset + p] = assign ? v : (byte) (out[outOffset + p] ^ v);
            }
            return;
        }
        byte[] tc = row.tables[from + 2];
        byte[] sc = in[row.tableInputs[from + 2]];
        if (count == 3) {
            for (int p = 0; p < len; p++) {
                int i = inOffset + p;
                byte v = (byte) (ta[sa[i] & 0xff] ^ tb[sb[i] & 0xff] ^ tc[sc[i] & 0xff]);
                out[outOffset + p] = assign ? v : (byte) (out[outOffset + p] ^ v);
            }
            return;
        }
        byte[] td = row.tables[from + 3];
        byte[] sd = in[row.tableInputs[from + 3]];
        for (int p = 0; p < len; p++) {
            int i = inOffset + p;
            byte v = (byte) (ta[sa[i] & 0xff] ^ tb[sb[i] & 0xff] ^ tc[sc[i] & 0xff] ^ td[sd[i] & 0xff]);
            out[outOffset + p] = assign ? v : (byte) (out[outOffset + p] ^ v);
        }
    }

    /** out ^= a ^ b (b may be null), eight bytes at a time. */
    private static void xorInto(byte[] a, byte[] b, int inOffset, byte[] out, int outOffset, int len) {
        int p = 0;
        if (b == null) {
            for (; p + 8 <= len; p += 8) {
                LONGS.set(out, outOffset + p, (long) LONGS.get(out, outOffset + p) ^ (long) LONGS.get(a, inOffset + p));
            }
            for (; p < len; p++) {
                out[outOffset + p] ^= a[inOffset + p];
            }
            return;
        }
        for (; p + 8 <= len; p += 8) {
            LONGS.set(out, outOffset + p, (long) LONGS.get(out, outOffset + p) ^ (long) LONGS.get(a, inOffset + p)
                    ^ (long) LONGS.get(b, inOffset + p));
        }
        for (; p < len; p++) {
            out[outOffset + p] ^= (byte) (a[inOffset + p] ^ b[inOffset + p]);
        }
    }
}
