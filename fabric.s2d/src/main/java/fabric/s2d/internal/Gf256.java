package fabric.s2d.internal;

/**
 * Arithmetic in GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d), table driven: a
 * full 256 x 256 multiplication table, so the coding loops do one lookup per byte.
 */
public final class Gf256 {

    private static final int POLYNOMIAL = 0x11d;
    private static final byte[] EXP = new byte[512];
    private static final int[] LOG = new int[256];
    /** MUL[a][b] = a * b. */
    static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < 512; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = (a == 0 || b == 0) ? 0 : EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private Gf256() {
    }

    /**
     * @param a a field element
     * @param b a field element
     * @return their product
     */
    public static int mul(int a, int b) {
        return MUL[a & 0xff][b & 0xff] & 0xff;
    }

    /**
     * @param a a non-zero field element
     * @return its multiplicative inverse
     */
    public static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("zero has no inverse in GF(256)");
        }
        return EXP[255 - LOG[a]] & 0xff;
    }

    /**
     * Inverts a square matrix by Gauss-Jordan elimination.
     *
     * @param m the matrix, rows of field elements; left unchanged
     * @return its inverse
     * @throws ArithmeticException when it is singular
     */
    public static int[][] invert(int[][] m) {
        int n = m.length;
        int[][] a = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(m[r], 0, a[r], 0, n);
            a[r][n + r] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            while (pivot < n && a[pivot][c] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            int[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            int inv = inverse(a[c][c]);
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] = mul(a[c][j], inv);
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    int f = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] ^= mul(f, a[c][j]);
                    }
                }
            }
        }
        int[][] inv = new int[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a[r], n, inv[r], 0, n);
        }
        return inv;
    }
}
