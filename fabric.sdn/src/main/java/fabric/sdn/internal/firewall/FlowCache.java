package fabric.sdn.internal.firewall;

import fabric.sdn.internal.wire.Packet;

/**
 * An exact-match cache from a packet's 5-tuple to a classifier's decision (VFP-style: only a
 * flow's first packet walks the classifier). Direct-mapped, fixed size, allocation-free; a colliding
 * flow replaces the entry. Single-threaded (the owning host's lock).
 */
public final class FlowCache {

    private static final long VALID = 1L << 63;

    private final int mask;
    private final long[] keyA;
    private final long[] keyB;
    private final int[] value;
    private long hits;
    private long misses;

    /** @param capacityPowerOfTwo entries, a power of two */
    public FlowCache(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        this.mask = capacityPowerOfTwo - 1;
        this.keyA = new long[capacityPowerOfTwo];
        this.keyB = new long[capacityPowerOfTwo];
        this.value = new int[capacityPowerOfTwo];
    }

    static long keyA(int src, int dst) {
        return (long) src << 32 | (dst & 0xFFFF_FFFFL);
    }

    static long keyB(int srcPort, int dstPort, int proto) {
        return VALID | (long) srcPort << 24 | (long) dstPort << 8 | proto;
    }

    /**
     * @param src source address
     * @param dst destination address
     * @param srcPort source port
     * @param dstPort destination port
     * @param proto protocol
     * @return the cached decision, or {@link Integer#MIN_VALUE} on a miss
     */
    public int get(int src, int dst, int srcPort, int dstPort, int proto) {
        return get(Packet.flowHash(src, dst, srcPort, dstPort, proto), src, dst, srcPort, dstPort, proto);
    }

    /**
     * As {@link #get(int, int, int, int, int)} with the 5-tuple's flow hash already computed (a
     * parsed packet's {@link Packet#hash}). The slot comes from the hash, the answer from the full key:
     * a hash that is not the key's costs a miss, never a wrong answer.
     *
     * @param hash {@link Packet#flowHash(int, int, int, int, int)} of the 5-tuple
     * @param src source address
     * @param dst destination address
     * @param srcPort source port
     * @param dstPort destination port
     * @param proto protocol
     * @return the cached decision, or {@link Integer#MIN_VALUE} on a miss
     */
    public int get(int hash, int src, int dst, int srcPort, int dstPort, int proto) {
        long a = keyA(src, dst);
        long b = keyB(srcPort, dstPort, proto);
        int s = hash & mask;
        if (keyA[s] == a && keyB[s] == b) {
            hits++;
            return value[s];
        }
        misses++;
        return Integer.MIN_VALUE;
    }

    /**
     * @param src source address
     * @param dst destination address
     * @param srcPort source port
     * @param dstPort destination port
     * @param proto protocol
     * @param decision what to remember
     */
    public void put(int src, int dst, int srcPort, int dstPort, int proto, int decision) {
        put(Packet.flowHash(src, dst, srcPort, dstPort, proto), src, dst, srcPort, dstPort, proto, decision);
    }

    /**
     * As {@link #put(int, int, int, int, int, int)} with the 5-tuple's flow hash already computed.
     *
     * @param hash {@link Packet#flowHash(int, int, int, int, int)} of the 5-tuple
     * @param src source address
     * @param dst destination address
     * @param srcPort source port
     * @param dstPort destination port
     * @param proto protocol
     * @param decision what to remember
     */
    public void put(int hash, int src, int dst, int srcPort, int dstPort, int proto, int decision) {
        int s = hash & mask;
        keyA[s] = keyA(src, dst);
        keyB[s] = keyB(srcPort, dstPort, proto);
        value[s] = decision;
    }

    /** @return lookups answered from the cache */
    public long hits() {
        return hits;
    }

    /** @return lookups that missed */
    public long misses() {
        return misses;
    }
}
