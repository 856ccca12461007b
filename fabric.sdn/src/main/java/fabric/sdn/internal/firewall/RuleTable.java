package fabric.sdn.internal.firewall;

import java.util.Arrays;

/**
 * Rules flattened to atoms, in priority order (index 0 decides first): one source prefix, one
 * destination prefix, one source and one destination port range, one protocol (-1 for any), and
 * the action. A rule with several prefixes or ranges becomes several consecutive atoms that share
 * its rule id. Struct-of-arrays, so scans and the classifier's build read dense int arrays.
 */
public final class RuleTable {

    /** The action of an atom that allows. */
    public static final int ALLOW = 1;
    /** The action of an atom that denies. */
    public static final int DENY = 0;

    int size;
    int[] srcAddr = new int[16];
    int[] srcMask = new int[16];
    int[] dstAddr = new int[16];
    int[] dstMask = new int[16];
    int[] srcPortLo = new int[16];
    int[] srcPortHi = new int[16];
    int[] dstPortLo = new int[16];
    int[] dstPortHi = new int[16];
    int[] protocol = new int[16];
    int[] action = new int[16];
    int[] ruleId = new int[16];

    /**
     * Appends an atom after every atom added so far (so with lower precedence).
     *
     * @param srcAddress source prefix address
     * @param srcLength source prefix length
     * @param dstAddress destination prefix address
     * @param dstLength destination prefix length
     * @param srcPortFrom first source port
     * @param srcPortTo last source port
     * @param dstPortFrom first destination port
     * @param dstPortTo last destination port
     * @param proto IP protocol number, or -1 for any
     * @param allow true to allow, false to deny
     * @param rule the id of the rule the atom comes from
     * @return the atom's index
     */
    public int add(int srcAddress, int srcLength, int dstAddress, int dstLength, int srcPortFrom, int srcPortTo,
            int dstPortFrom, int dstPortTo, int proto, boolean allow, int rule) {
        if (size == srcAddr.length) {
            grow();
        }
        int i = size++;
        srcMask[i] = mask(srcLength);
        srcAddr[i] = srcAddress & srcMask[i];
        dstMask[i] = mask(dstLength);
        dstAddr[i] = dstAddress & dstMask[i];
        srcPortLo[i] = srcPortFrom;
        srcPortHi[i] = srcPortTo;
        dstPortLo[i] = dstPortFrom;
        dstPortHi[i] = dstPortTo;
        protocol[i] = proto;
        action[i] = allow ? ALLOW : DENY;
        ruleId[i] = rule;
        return i;
    }

    private void grow() {
        int n = srcAddr.length * 2;
        srcAddr = Arrays.copyOf(srcAddr, n);
        srcMask = Arrays.copyOf(srcMask, n);
        dstAddr = Arrays.copyOf(dstAddr, n);
        dstMask = Arrays.copyOf(dstMask, n);
        srcPortLo = Arrays.copyOf(srcPortLo, n);
        srcPortHi = Arrays.copyOf(srcPortHi, n);
        dstPortLo = Arrays.copyOf(dstPortLo, n);
        dstPortHi = Arrays.copyOf(dstPortHi, n);
        protocol = Arrays.copyOf(protocol, n);
        action = Arrays.copyOf(action, n);
        ruleId = Arrays.copyOf(ruleId, n);
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** @return atoms in the table */
    public int size() {
        return size;
    }

    /**
     * @param atom an atom's index
     * @return {@link #ALLOW} or {@link #DENY}
     */
    public int action(int atom) {
        return action[atom];
    }

    /**
     * @param atom an atom's index
     * @return the id of its rule
     */
    public int ruleId(int atom) {
        return ruleId[atom];
    }

    /**
     * Whether one atom matches a packet: the reference semantics every classifier must agree with.
     *
     * @param i the atom
     * @param src source address
     * @param dst destination address
     * @param srcPort source port (0 for protocols without ports)
     * @param dstPort destination port (0 for protocols without ports)
     * @param proto IP protocol number
     * @return true when the atom matches
     */
    public boolean matches(int i, int src, int dst, int srcPort, int dstPort, int proto) {
        return (src & srcMask[i]) == srcAddr[i] && (dst & dstMask[i]) == dstAddr[i]
                && (protocol[i] < 0 || protocol[i] == proto)
                && srcPort >= srcPortLo[i] && srcPort <= srcPortHi[i]
                && dstPort >= dstPortLo[i] && dstPort <= dstPortHi[i];
    }

    /**
     * Whether atom {@code outer} matches every packet atom {@code inner} matches.
     *
     * @param outer an atom
     * @param inner another atom
     * @return true when {@code outer} covers {@code inner}
     */
    public boolean covers(int outer, int inner) {
        return (srcMask[outer] & ~srcMask[inner]) == 0 && (srcAddr[inner] & srcMask[outer]) == srcAddr[outer]
                && (dstMask[outer] & ~dstMask[inner]) == 0 && (dstAddr[inner] & dstMask[outer]) == dstAddr[outer]
                && (protocol[outer] < 0 || protocol[outer] == protocol[inner])
                && srcPortLo[outer] <= srcPortLo[inner] && srcPortHi[outer] >= srcPortHi[inner]
                && dstPortLo[outer] <= dstPortLo[inner] && dstPortHi[outer] >= dstPortHi[inner];
    }
}
