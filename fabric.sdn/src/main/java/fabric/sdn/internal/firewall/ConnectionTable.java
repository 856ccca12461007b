package fabric.sdn.internal.firewall;

/**
 * The stateful firewall's flow state for one vNIC: flows allowed by the rules, keyed from the
 * vNIC's side (local address and port, remote address and port, protocol) so a flow's packets in
 * both directions find the same entry. An entry ages out when the flow has been idle longer than
 * its protocol's timeout, measured on an injected nanosecond clock. Open addressing with a short
 * probe window; when the window is full the stalest entry is evicted. Allocation-free; guarded by
 * the owning host's lock.
 */
public final class ConnectionTable {

    private static final int PROBES = 8;
    private static final long VALID = 1L << 63;

    private final int mask;
    private final long[] keyA;
    private final long[] keyB;
    private final long[] lastSeen;
    private final long tcpIdleNanos;
    private final long otherIdleNanos;
    private long evictions;

    /**
     * @param capacityPowerOfTwo entries, a power of two
     * @param tcpIdleNanos how long an idle TCP flow is remembered
     * @param otherIdleNanos how long an idle UDP or ICMP flow is remembered
     */
    public ConnectionTable(int capacityPowerOfTwo, long tcpIdleNanos, long otherIdleNanos) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        this.mask = capacityPowerOfTwo - 1;
        this.keyA = new long[capacityPowerOfTwo];
        this.keyB = new long[capacityPowerOfTwo];
        this.lastSeen = new long[capacityPowerOfTwo];
        this.tcpIdleNanos = tcpIdleNanos;
        this.otherIdleNanos = otherIdleNanos;
    }

    private int home(long a, long b) {
        long h = (a * 0x9E37_79B9_7F4A_7C15L) ^ (b * 0xC2B2_AE3D_27D4_EB4FL);
        return (int) (h ^ (h >>> 31)) & mask;
    }

    private boolean live(int slot, long now) {
        long idle = (keyB[slot] & 0xFF) == 6 ? tcpIdleNanos : otherIdleNanos;
        return now - lastSeen[slot] <= idle;
    }

    /**
     * Looks a flow up and, when it is live, marks it seen now.
     *
     * @param localIp the vNIC's address
     * @param localPort the vNIC's port (ICMP: the echo identifier)
     * @param remoteIp the peer's address
     * @param remotePort the peer's port (ICMP: the echo identifier)
     * @param proto protocol
     * @param now the clock's reading, nanoseconds
     * @return how long the flow had been idle, or -1 when it is not known or has aged out
     */
    public long touch(int localIp, int localPort, int remoteIp, int remotePort, int proto, long now) {
        long a = FlowCache.keyA(localIp, remoteIp);
        long b = VALID | (long) localPort << 24 | (long) remotePort << 8 | proto;
        int s = home(a, b);
        for (int i = 0; i < PROBES; i++) {
            int slot = (s + i) & mask;
            if (keyA[slot] == a && keyB[slot] == b) {
                if (!live(slot, now)) {
                    return -1;
                }
                long idle = now - lastSeen[slot];
                lastSeen[slot] = now;
                return idle;
            }
        }
        return -1;
    }

    /**
     * Like {@link #touch} without marking the flow seen (for traces).
     *
     * @param localIp the vNIC's address
     * @param localPort the vNIC's port
     * @param remoteIp the peer's address
     * @param remotePort the peer's port
     * @param proto protocol
     * @param now the clock's reading
     * @return idle nanoseconds, or -1
     */
    public long peek(int localIp, int localPort, int remoteIp, int remotePort, int proto, long now) {
        long a = FlowCache.keyA(localIp, remoteIp);
        long b = VALID | (long) localPort << 24 | (long) remotePort << 8 | proto;
        int s = home(a, b);
        for (int i = 0; i < PROBES; i++) {
            int slot = (s + i) & mask;
            if (keyA[slot] == a && keyB[slot] == b) {
                return live(slot, now) ? now - lastSeen[slot] : -1;
            }
        }
        return -1;
    }

    /**
     * Remembers an allowed flow.
     *
     * @param localIp the vNIC's address
     * @param localPort the vNIC's port
     * @param remoteIp the peer's address
     * @param remotePort the peer's port
     * @param proto protocol
     * @param now the clock's reading
     */
    public void insert(int localIp, int localPort, int remoteIp, int remotePort, int proto, long now) {
        long a = FlowCache.keyA(localIp, remoteIp);
        long b = VALID | (long) localPort << 24 | (long) remotePort << 8 | proto;
        int s = home(a, b);
        int victim = s;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < PROBES; i++) {
            int slot = (s + i) & mask;
            if ((keyA[slot] == a && keyB[slot] == b) || keyB[slot] == 0 || !live(slot, now)) {
                victim = slot;
                oldest = Long.MIN_VALUE;
                break;
            }
            if (lastSeen[slot] < oldest) {
                oldest = lastSeen[slot];
                victim = slot;
            }
        }
        if (oldest != Long.MIN_VALUE) {
            evictions++;
        }
        keyA[victim] = a;
        keyB[victim] = b;
        lastSeen[victim] = now;
    }

    /**
     * @param now the clock's reading
     * @return flows that are live now
     */
    public int live(long now) {
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            if (keyB[i] != 0 && live(i, now)) {
                n++;
            }
        }
        return n;
    }

    /** @return live flows evicted because their probe window was full */
    public long evictions() {
        return evictions;
    }
}
