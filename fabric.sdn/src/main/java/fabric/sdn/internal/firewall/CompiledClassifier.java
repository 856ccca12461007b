package fabric.sdn.internal.firewall;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The firewall's compiled classifier: a decision tree in the manner of HiCuts (Gupta and McKeown,
 * Hot Interconnects 1999) that cuts the address space one byte at a time (each node cuts 256 ways
 * on the next byte of the source or the destination address, whichever leaves the smallest largest
 * child); a leaf of up to {@code 2 * LEAF_SIZE} rules is scanned in priority order over one dense
 * array, a larger one (where cutting stopped helping) is an aggregated {@link BitVectorClassifier}. A rule whose
 * prefix does not fix the cut byte is listed in every child it covers; every list keeps its rules
 * in priority order, so a leaf's first match is the table's first match. Cutting stops at
 * {@value #LEAF_SIZE} rules, when both addresses are used up, or when a cut no longer shrinks the
 * largest child. Nodes and leaves with the same rule list are shared.
 *
 * <p>Immutable after construction; lookups allocate nothing.
 */
public final class CompiledClassifier {

    /** A node with at most this many rules becomes a leaf. */
    static final int LEAF_SIZE = 16;

    private final Object root;
    private int leaves;
    private int cuts;

    /** A 256-way cut on one byte of one address. */
    private static final class Cut {
        final boolean onSource;
        final int shift;
        final Object[] children = new Object[256];

        Cut(boolean onSource, int shift) {
            this.onSource = onSource;
            this.shift = shift;
        }
    }

    /** A leaf: the bit-vector classifier over its rules, and their indices in the whole table. */
    private static final class Leaf {
        final BitVectorClassifier classifier;
        final int[] atoms;

        Leaf(BitVectorClassifier classifier, int[] atoms) {
            this.classifier = classifier;
            this.atoms = atoms;
        }
    }

    /**
     * A small leaf: its rules' fields interleaved in one array (one or two cache lines per rule,
     * read in order), scanned in priority order.
     */
    private static final class SmallLeaf {
        static final int STRIDE = 9;
        final int[] fields;
        final int[] atoms;

        SmallLeaf(RuleTable t, int[] atoms) {
            this.atoms = atoms;
            this.fields = new int[atoms.length * STRIDE];
            for (int j = 0; j < atoms.length; j++) {
                int i = atoms[j];
                int o = j * STRIDE;
                fields[o] = t.dstMask[i];
                fields[o + 1] = t.dstAddr[i];
                fields[o + 2] = t.srcMask[i];
                fields[o + 3] = t.srcAddr[i];
                fields[o + 4] = t.protocol[i];
                fields[o + 5] = t.dstPortLo[i];
                fields[o + 6] = t.dstPortHi[i];
                fields[o + 7] = t.srcPortLo[i];
                fields[o + 8] = t.srcPortHi[i];
            }
        }

        int classify(int src, int dst, int sport, int dport, int proto) {
            int[] f = fields;
            for (int o = 0, j = 0; o < f.length; o += STRIDE, j++) {
                int p = f[o + 4];
                if ((dst & f[o]) == f[o + 1] && (src & f[o + 2]) == f[o + 3] && (p < 0 || p == proto)
                        && dport >= f[o + 5] && dport <= f[o + 6] && sport >= f[o + 7] && sport <= f[o + 8]) {
                    return atoms[j];
                }
            }
            return -1;
        }
    }

    /** @param t the rules, in priority order */
    public CompiledClassifier(RuleTable t) {
        int[] all = new int[t.size];
        for (int i = 0; i < t.size; i++) {
            all[i] = i;
        }
        this.root = build(t, all, 0, 0, new HashMap<>());
    }

    private Object build(RuleTable t, int[] list, int srcBytes, int dstBytes, Map<Key, Object> shared) {
        Key key = new Key(list, srcBytes, dstBytes);
        Object done = shared.get(key);
        if (done != null) {
            return done;
        }
        Object node = null;
        if (list.length > LEAF_SIZE) {
            int[][] bySrc = srcBytes < 4 ? split(t.srcAddr, t.srcMask, list, srcBytes) : null;
            int[][] byDst = dstBytes < 4 ? split(t.dstAddr, t.dstMask, list, dstBytes) : null;
            int maxSrc = largest(bySrc);
            int maxDst = largest(byDst);
            boolean onSource = maxSrc < maxDst;
            int best = Math.min(maxSrc, maxDst);
            if (best < list.length) {
                int[][] children = onSource ? bySrc : byDst;
                Cut cut = new Cut(onSource, 24 - 8 * (onSource ? srcBytes : dstBytes));
                for (int b = 0; b < 256; b++) {
                    cut.children[b] = build(t, children[b], srcBytes + (onSource ? 1 : 0),
                            dstBytes + (onSource ? 0 : 1), shared);
                }
                cuts++;
                node = cut;
            }
        }
        if (node == null) {
            node = leaf(t, list, shared);
        }
        shared.put(key, node);
        return node;
    }

    private Object leaf(RuleTable t, int[] list, Map<Key, Object> shared) {
        Key key = new Key(list, -1, -1);
        Object existing = shared.get(key);
        if (existing != null) {
            return existing;
        }
        if (list.length <= 2 * LEAF_SIZE) {
            SmallLeaf small = new SmallLeaf(t, list);
            shared.put(key, small);
            leaves++;
            return small;
        }
        RuleTable part = new RuleTable();
        for (int i : list) {
            part.add(t.srcAddr[i], Integer.bitCount(t.srcMask[i]), t.dstAddr[i], Integer.bitCount(t.dstMask[i]),
                    t.srcPortLo[i], t.srcPortHi[i], t.dstPortLo[i], t.dstPortHi[i], t.protocol[i],
                    t.action[i] == RuleTable.ALLOW, t.ruleId[i]);
        }
        Leaf leaf = new Leaf(new BitVectorClassifier(part), list);
        shared.put(key, leaf);
        leaves++;
        return leaf;
    }

    /** The children's rule lists when cutting on byte {@code k} (0 = most significant) of one address. */
    private static int[][] split(int[] addr, int[] mask, int[] list, int k) {
        int[] counts = new int[256];
        for (int i : list) {
            int first = (addr[i] >>> (24 - 8 * k)) & 0xFF;
            int span = span(mask[i], k);
            for (int b = first; b < first + span; b++) {
                counts[b]++;
            }
        }
        int[][] children = new int[256][];
        for (int b = 0; b < 256; b++) {
            children[b] = new int[counts[b]];
        }
        int[] fill = new int[256];
        for (int i : list) {
            int first = (addr[i] >>> (24 - 8 * k)) & 0xFF;
            int span = span(mask[i], k);
            for (int b = first; b < first + span; b++) {
                children[b][fill[b]++] = i;
            }
        }
        return children;
    }

    /** How many values of byte {@code k} a prefix with this mask covers (its masked bits are zero). */
    private static int span(int mask, int k) {
        int fixed = Integer.bitCount(mask) - 8 * k;
        return fixed >= 8 ? 1 : fixed <= 0 ? 256 : 1 << (8 - fixed);
    }

    private static int largest(int[][] children) {
        if (children == null) {
            return Integer.MAX_VALUE;
        }
        int max = 0;
        for (int[] c : children) {
            max = Math.max(max, c.length);
        }
        return max;
    }

    /** A rule list (and where in the addresses it stands) as a map key. */
    private record Key(int[] values, int srcBytes, int dstBytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && srcBytes == other.srcBytes && dstBytes == other.dstBytes
                    && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values) * 31 + srcBytes * 7 + dstBytes;
        }
    }

    /**
     * @param src source address
     * @param dst destination address
     * @param sport source port
     * @param dport destination port
     * @param proto IP protocol number, 0-255
     * @return the highest-priority matching atom of the table, or -1
     */
    public int classify(int src, int dst, int sport, int dport, int proto) {
        Object node = root;
        while (node instanceof Cut cut) {
            node = cut.children[((cut.onSource ? src : dst) >>> cut.shift) & 0xFF];
        }
        if (node instanceof SmallLeaf small) {
            return small.classify(src, dst, sport, dport, proto);
        }
        Leaf leaf = (Leaf) node;
        int local = leaf.classifier.classify(src, dst, sport, dport, proto);
        return local < 0 ? -1 : leaf.atoms[local];
    }

    /** @return distinct leaves */
    public int leaves() {
        return leaves;
    }

    /** @return distinct cut nodes */
    public int cuts() {
        return cuts;
    }
}
