package fabric.sdn.internal.firewall;

/**
 * The reference classifier: every atom in priority order, the first match decides. Correct by
 * construction and O(rules); the compiled classifiers are tested against it.
 */
public final class LinearClassifier {

    private final RuleTable t;

    /** @param table the rules */
    public LinearClassifier(RuleTable table) {
        this.t = table;
    }

    /**
     * @param src source address
     * @param dst destination address
     * @param srcPort source port
     * @param dstPort destination port
     * @param proto IP protocol number
     * @return the first matching atom, or -1
     */
    public int classify(int src, int dst, int srcPort, int dstPort, int proto) {
        int n = t.size;
        int[] dpLo = t.dstPortLo;
        int[] dpHi = t.dstPortHi;
        int[] pr = t.protocol;
        for (int i = 0; i < n; i++) {
            // Cheapest and most selective tests first; RuleTable.matches is the same predicate.
            int p = pr[i];
            if ((p < 0 || p == proto) && dstPort >= dpLo[i] && dstPort <= dpHi[i]
                    && (dst & t.dstMask[i]) == t.dstAddr[i] && (src & t.srcMask[i]) == t.srcAddr[i]
                    && srcPort >= t.srcPortLo[i] && srcPort <= t.srcPortHi[i]) {
                return i;
            }
        }
        return -1;
    }
}
