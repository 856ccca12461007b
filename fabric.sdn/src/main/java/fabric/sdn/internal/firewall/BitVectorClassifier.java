package fabric.sdn.internal.firewall;

import java.util.Arrays;

/**
 * A compiled packet classifier: the bit-vector scheme (Lakshman and Stiliadis, SIGCOMM 1998) with
 * aggregated bit vectors (Baboescu and Varghese, SIGCOMM 2001). Each field's value line is cut into
 * elementary intervals at every atom's boundaries; each interval stores the bit set of atoms that
 * match it, in priority order. A lookup is four binary searches and a table read for the protocol,
 * then an AND of the five bit sets word by word, guided by per-interval summaries (one bit per
 * 64-bit word) so only words that can hold a match are read; the lowest set bit is the
 * highest-priority matching atom. Immutable after construction; lookups allocate nothing.
 */
public final class BitVectorClassifier {

    private final int words;
    private final int aggWords;
    private final Dimension srcIp;
    private final Dimension dstIp;
    private final Dimension srcPort;
    private final Dimension dstPort;
    private final int[] protoClass = new int[256];
    private final long[] protoBits;
    private final long[] protoAgg;

    /** One field: sorted interval starts (sign-flipped for unsigned order) and a bit set per interval. */
    private static final class Dimension {
        final int[] starts;
        final long[] bits;
        final long[] agg;

        Dimension(int[] starts, long[] bits, long[] agg) {
            this.starts = starts;
            this.bits = bits;
            this.agg = agg;
        }

        int interval(int value) {
            int key = value ^ Integer.MIN_VALUE;
            int lo = 0;
            int hi = starts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= key) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }
    }

    /** @param t the rules, in priority order */
    public BitVectorClassifier(RuleTable t) {
        int n = t.size;
        this.words = Math.max(1, (n + 63) >>> 6);
        this.aggWords = (words + 63) >>> 6;
        long[] lo = new long[n];
        long[] hi = new long[n];
        for (int i = 0; i < n; i++) {
            lo[i] = t.srcAddr[i] & 0xFFFF_FFFFL;
            hi[i] = lo[i] | (~t.srcMask[i] & 0xFFFF_FFFFL);
        }
        srcIp = dimension(lo, hi, n);
        for (int i = 0; i < n; i++) {
            lo[i] = t.dstAddr[i] & 0xFFFF_FFFFL;
            hi[i] = lo[i] | (~t.dstMask[i] & 0xFFFF_FFFFL);
        }
        dstIp = dimension(lo, hi, n);
        for (int i = 0; i < n; i++) {
            lo[i] = t.srcPortLo[i];
            hi[i] = t.srcPortHi[i];
        }
        srcPort = dimension(lo, hi, n);
        for (int i = 0; i < n; i++) {
            lo[i] = t.dstPortLo[i];
            hi[i] = t.dstPortHi[i];
        }
        dstPort = dimension(lo, hi, n);
        // Protocol: one class per protocol named by some atom, plus one for every other protocol.
        int[] classOf = new int[256];
        Arrays.fill(classOf, -1);
        int classes = 1;
        for (int i = 0; i < n; i++) {
            int p = t.protocol[i];
            if (p >= 0 && classOf[p] < 0) {
                classOf[p] = classes++;
            }
        }
        protoBits = new long[classes * words];
        for (int v = 0; v < 256; v++) {
            protoClass[v] = classOf[v] < 0 ? 0 : classOf[v];
        }
        for (int i = 0; i < n; i++) {
            int p = t.protocol[i];
            if (p < 0) {
                for (int c = 0; c < classes; c++) {
                    protoBits[c * words + (i >>> 6)] |= 1L << i;
                }
            } else {
                protoBits[classOf[p] * words + (i >>> 6)] |= 1L << i;
            }
        }
        protoAgg = aggregate(protoBits, classes);
    }

    private Dimension dimension(long[] lo, long[] hi, int n) {
        long[] points = new long[2 * n + 1];
        int k = 0;
        points[k++] = 0;
        for (int i = 0; i < n; i++) {
            points[k++] = lo[i];
            points[k++] = hi[i] + 1;
        }
        Arrays.sort(points, 0, k);
        int m = 0;
        for (int i = 0; i < k; i++) {
            if (points[i] <= 0xFFFF_FFFFL && (m == 0 || points[i] != points[m - 1])) {
                points[m++] = points[i];
            }
        }
        long[] starts = Arrays.copyOf(points, m);
        // An atom covers the contiguous run of intervals from the one starting at lo to the one holding hi.
        long[] bits = new long[m * words];
        for (int i = 0; i < n; i++) {
            int first = Arrays.binarySearch(starts, lo[i]);
            int last = upperInterval(starts, hi[i]);
            long bit = 1L << i;
            int w = i >>> 6;
            for (int iv = first; iv <= last; iv++) {
                bits[iv * words + w] |= bit;
            }
        }
        int[] flipped = new int[m];
        for (int i = 0; i < m; i++) {
            flipped[i] = (int) starts[i] ^ Integer.MIN_VALUE;
        }
        return new Dimension(flipped, bits, aggregate(bits, m));
    }

    private static int upperInterval(long[] starts, long value) {
        int idx = Arrays.binarySearch(starts, value);
        return idx >= 0 ? idx : -idx - 2;
    }

    private long[] aggregate(long[] bits, int intervals) {
        long[] agg = new long[intervals * aggWords];
        for (int iv = 0; iv < intervals; iv++) {
            for (int w = 0; w < words; w++) {
                if (bits[iv * words + w] != 0) {
                    agg[iv * aggWords + (w >>> 6)] |= 1L << w;
                }
            }
        }
        return agg;
    }

    /**
     * @param src source address
     * @param dst destination address
     * @param sport source port
     * @param dport destination port
     * @param proto IP protocol number, 0-255
     * @return the highest-priority matching atom, or -1
     */
    public int classify(int src, int dst, int sport, int dport, int proto) {
        int a = srcIp.interval(src);
        int b = dstIp.interval(dst);
        int c = srcPort.interval(sport);
        int d = dstPort.interval(dport);
        int e = protoClass[proto & 0xFF];
        long[] sa = srcIp.agg;
        long[] da = dstIp.agg;
        long[] ca = srcPort.agg;
        long[] dpa = dstPort.agg;
        long[] sb = srcIp.bits;
        long[] db = dstIp.bits;
        long[] cb = srcPort.bits;
        long[] dpb = dstPort.bits;
        int aw = aggWords;
        int w = words;
        for (int g = 0; g < aw; g++) {
            long m = sa[a * aw + g] & da[b * aw + g] & ca[c * aw + g] & dpa[d * aw + g] & protoAgg[e * aw + g];
            while (m != 0) {
                int word = (g << 6) + Long.numberOfTrailingZeros(m);
                long x = sb[a * w + word] & db[b * w + word] & cb[c * w + word] & dpb[d * w + word]
                        & protoBits[e * w + word];
                if (x != 0) {
                    return (word << 6) + Long.numberOfTrailingZeros(x);
                }
                m &= m - 1;
            }
        }
        return -1;
    }

    /** @return bytes of the lookup tables, for reports */
    public long footprintBytes() {
        long longs = srcIp.bits.length + dstIp.bits.length + srcPort.bits.length + dstPort.bits.length
                + srcIp.agg.length + dstIp.agg.length + srcPort.agg.length + dstPort.agg.length + protoBits.length
                + protoAgg.length;
        long ints = srcIp.starts.length + dstIp.starts.length + srcPort.starts.length + dstPort.starts.length + 256;
        return longs * 8 + ints * 4;
    }
}
