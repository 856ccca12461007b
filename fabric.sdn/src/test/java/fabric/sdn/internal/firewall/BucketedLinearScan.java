package fabric.sdn.internal.firewall;

import java.util.Arrays;

/**
 * The priority-ordered linear scan with one obviously sound pre-filter, so that 10^6 packets can be
 * checked in a unit test: atoms are listed, in priority order, under every value of the destination
 * address's top byte they can match (an atom with a destination prefix shorter than 8 bits is listed
 * under all the top bytes it covers). A packet is scanned against its top byte's list only; an atom
 * not listed there cannot match its destination. {@link ClassifierAgreementTest} also checks this
 * scan against the plain {@link LinearClassifier}.
 */
final class BucketedLinearScan {

    private final RuleTable t;
    private final int[][] buckets = new int[256][];

    BucketedLinearScan(RuleTable t) {
        this.t = t;
        int[] counts = new int[256];
        for (int i = 0; i < t.size; i++) {
            int len = Integer.bitCount(t.dstMask[i]);
            int first = t.dstAddr[i] >>> 24;
            int span = len >= 8 ? 1 : 1 << (8 - len);
            for (int b = first; b < first + span; b++) {
                counts[b]++;
            }
        }
        int[] fill = new int[256];
        for (int b = 0; b < 256; b++) {
            buckets[b] = new int[counts[b]];
        }
        for (int i = 0; i < t.size; i++) {
            int len = Integer.bitCount(t.dstMask[i]);
            int first = t.dstAddr[i] >>> 24;
            int span = len >= 8 ? 1 : 1 << (8 - len);
            for (int b = first; b < first + span; b++) {
                buckets[b][fill[b]++] = i;
            }
        }
        for (int[] bucket : buckets) {
            assert isSorted(bucket);
        }
    }

    private static boolean isSorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return Arrays.equals(a, c);
    }

    int classify(int src, int dst, int srcPort, int dstPort, int proto) {
        for (int i : buckets[dst >>> 24]) {
            if (t.matches(i, src, dst, srcPort, dstPort, proto)) {
                return i;
            }
        }
        return -1;
    }
}
