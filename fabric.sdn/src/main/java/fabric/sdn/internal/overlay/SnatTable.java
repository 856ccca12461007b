package fabric.sdn.internal.overlay;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Outbound SNAT on one host (Azure's load-balancer outbound rules): a backend vNIC's connections to
 * addresses outside its virtual network leave with the VIP as their source address and a port from
 * the range the load balancer allocated to that backend; the reply, which the mux forwards here by
 * that range, is translated back. Each flow keeps its port while it lives; a full range refuses new
 * flows (counted as drops). A flow idle for longer than the idle timeout (Azure's default for
 * outbound rules: 4 minutes) ages out: its port serves new flows, and a late reply to it is no
 * longer translated. Open addressing, guarded by the host's lock, no allocation per packet.
 */
final class SnatTable {

    private static final int FLOWS = 1 << 14;

    /** The idle timeout of an outbound flow, as Azure's default: 4 minutes. */
    static final long IDLE_MILLIS = 240_000;

    private final java.util.function.LongSupplier millis;
    private final long idleMillis;

    /** One backend's outbound rule: its VIP in the public network and its port range. */
    static final class Allocation {
        final int publicVni;
        final int vip;
        final long vipMac;
        final int firstPort;
        final int lastPort;
        int next;
        final int dipVni;

        Allocation(int publicVni, int vip, long vipMac, int firstPort, int lastPort, int dipVni) {
            this.publicVni = publicVni;
            this.vip = vip;
            this.vipMac = vipMac;
            this.firstPort = firstPort;
            this.lastPort = lastPort;
            this.next = firstPort;
            this.dipVni = dipVni;
        }
    }

    private final Long2ObjectHashMap<Allocation> byDip = new Long2ObjectHashMap<>();
    // Outbound: (dip, dip port, remote, remote port, protocol) -> SNAT port.
    private final long[] outA = new long[FLOWS];
    private final long[] outB = new long[FLOWS];
    private final int[] outPort = new int[FLOWS];
    // Inbound: (vip, SNAT port, remote, remote port, protocol) -> (dip, dip port).
    private final long[] inA = new long[FLOWS];
    private final long[] inB = new long[FLOWS];
    private final long[] inDip = new long[FLOWS];
    private final int[] inDipVni = new int[FLOWS];
    private final long[] inSeen = new long[FLOWS];
    private final int[] outIn = new int[FLOWS];
    long exhausted;
    long aged;

    /**
     * @param millis the clock, in milliseconds
     * @param idleMillis how long an outbound flow lives without a packet
     */
    SnatTable(java.util.function.LongSupplier millis, long idleMillis) {
        this.millis = millis;
        this.idleMillis = idleMillis;
    }

    void allocate(int dipVni, int dip, Allocation a) {
        byDip.put((long) dipVni << 32 | (dip & 0xFFFF_FFFFL), a);
    }

    void deallocate(int dipVni, int dip) {
        byDip.remove((long) dipVni << 32 | (dip & 0xFFFF_FFFFL));
    }

    Allocation allocation(int dipVni, int dip) {
        return byDip.get((long) dipVni << 32 | (dip & 0xFFFF_FFFFL));
    }

    private static int slot(long a, long b) {
        long h = a * 0x9E37_79B9_7F4A_7C15L ^ b * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ h >>> 29) & (FLOWS - 1);
    }

    /**
     * @return the SNAT port of an outbound flow (a new one for a new flow), or -1 when the range is
     *         exhausted
     */
    int outbound(Allocation a, int dip, int dipPort, int remote, int remotePort, int protocol) {
        long ka = (long) dip << 32 | (remote & 0xFFFF_FFFFL);
        long kb = 1L << 62 | (long) protocol << 32 | (long) dipPort << 16 | remotePort;
        int s = slot(ka, kb);
        long now = millis.getAsLong();
        if (outA[s] == ka && outB[s] == kb) {
            int is = outIn[s];
            int port = outPort[s];
            if (inA[is] == ((long) a.vip << 32 | (remote & 0xFFFF_FFFFL))
                    && inB[is] == (1L << 62 | (long) protocol << 32 | (long) port << 16 | remotePort)
                    && inDip[is] == ((dip & 0xFFFF_FFFFL) << 16 | dipPort) && now - inSeen[is] <= idleMillis) {
                inSeen[is] = now;
                return port;
            }
        }
        int span = a.lastPort - a.firstPort + 1;
        for (int tries = 0; tries < span; tries++) {
            int port = a.next;
            a.next = port == a.lastPort ? a.firstPort : port + 1;
            long ia = (long) a.vip << 32 | (remote & 0xFFFF_FFFFL);
            long ib = 1L << 62 | (long) protocol << 32 | (long) port << 16 | remotePort;
            int is = slot(ia, ib);
            if (inB[is] != 0) {
                if (now - inSeen[is] <= idleMillis) {
                    // Taken (by this port towards this remote, or by a flow hashing to the same slot).
                    continue;
                }
                aged++;
            }
            inA[is] = ia;
            inB[is] = ib;
            inDip[is] = (dip & 0xFFFF_FFFFL) << 16 | dipPort;
            inDipVni[is] = a.dipVni;
            inSeen[is] = now;
            outIn[s] = is;
            outA[s] = ka;
            outB[s] = kb;
            outPort[s] = port;
            return port;
        }
        exhausted++;
        return -1;
    }

    /** @return (dip << 16 | dip port) for a reply to (vip, SNAT port) from a remote, or -1 */
    long inbound(int vip, int snatPort, int remote, int remotePort, int protocol) {
        long ia = (long) vip << 32 | (remote & 0xFFFF_FFFFL);
        long ib = 1L << 62 | (long) protocol << 32 | (long) snatPort << 16 | remotePort;
        int is = slot(ia, ib);
        if (inA[is] != ia || inB[is] != ib) {
            return -1;
        }
        long now = millis.getAsLong();
        if (now - inSeen[is] > idleMillis) {
            return -1;
        }
        inSeen[is] = now;
        return inDip[is];
    }

    /** @return the VNI of the backend's network for a reply {@link #inbound} found */
    int inboundVni(int vip, int snatPort, int remote, int remotePort, int protocol) {
        long ia = (long) vip << 32 | (remote & 0xFFFF_FFFFL);
        long ib = 1L << 62 | (long) protocol << 32 | (long) snatPort << 16 | remotePort;
        return inDipVni[slot(ia, ib)];
    }
}
