package fabric.sdn.internal.overlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import fabric.sdn.internal.wire.Checksum;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.Wire;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

/**
 * A host agent's share of the software load balancer (the Ananta/Azure SLB host agent): the VIPs
 * load balanced to ports on this host, with their backend ports, and the reverse translation of
 * every flow NATed here, so that replies leave with the VIP as their source straight to the client
 * (Direct Server Return: the mux sees only the inbound direction). Guarded by the host's lock;
 * lookups allocate nothing.
 */
final class NatTable {

    private static final int FLOWS = 1 << 14;

    /** (vni, protocol, vip) to (vip port to backend port). */
    private final Long2ObjectHashMap<Int2IntHashMap> rules = new Long2ObjectHashMap<>();
    /** Provider addresses of muxes, whose encapsulated frames carry other hosts' clients. */
    private final LongHashSet muxes = new LongHashSet();
    /** (vni, vip) of every VIP, so hosts accept VIP-sourced replies from any fabric host. */
    private final LongHashSet vips = new LongHashSet();
    private final long[] flowA = new long[FLOWS];
    private final long[] flowB = new long[FLOWS];
    private final long[] flowVip = new long[FLOWS];
    private final int[] flowVipVni = new int[FLOWS];
    /** Rule key to the VNI of the VIP's network (which may differ from the backends'). */
    private final org.agrona.collections.Long2LongHashMap vipVnis = new org.agrona.collections.Long2LongHashMap(-1);
    private int lastVipVni;

    static long ruleKey(int vni, int protocol, int vip) {
        return (long) vni << 40 | (long) protocol << 32 | (vip & 0xFFFF_FFFFL);
    }

    void addRule(int vni, int protocol, int vip, int vipPort, int backendPort) {
        addRule(vni, protocol, vip, vipPort, backendPort, vni);
    }

    /** A rule whose VIP is in network {@code vipVni} and whose backends are in {@code vni}. */
    void addRule(int vni, int protocol, int vip, int vipPort, int backendPort, int vipVni) {
        rules.computeIfAbsent(ruleKey(vni, protocol, vip), k -> new Int2IntHashMap(-1)).put(vipPort, backendPort);
        vipVnis.put(ruleKey(vni, protocol, vip), vipVni);
        vips.add((long) vni << 32 | (vip & 0xFFFF_FFFFL));
    }

    void removeRule(int vni, int protocol, int vip, int vipPort) {
        long k = ruleKey(vni, protocol, vip);
        Int2IntHashMap ports = rules.get(k);
        if (ports != null) {
            ports.remove(vipPort);
            if (ports.isEmpty()) {
                rules.remove(k);
                vipVnis.remove(k);
            }
        }
    }

    void removeVip(int vni, int vip) {
        vips.remove((long) vni << 32 | (vip & 0xFFFF_FFFFL));
    }

    /** @return the VIP's network of the rule a packet to a VIP matches ({@code vni} when the same) */
    int vipVni(int vni, Packet p) {
        long v = vipVnis.get(ruleKey(vni, p.protocol, p.dstIp));
        return v < 0 ? vni : (int) v;
    }

    /** @return the VIP's network of the flow the last successful {@link #reverse} found */
    int lastVipVni() {
        return lastVipVni;
    }

    void addVip(int vni, int vip) {
        vips.add((long) vni << 32 | (vip & 0xFFFF_FFFFL));
    }

    void addMux(int providerAddress) {
        muxes.add(providerAddress & 0xFFFF_FFFFL);
    }

    boolean isMux(int providerAddress) {
        return muxes.contains(providerAddress & 0xFFFF_FFFFL);
    }

    boolean isVip(int vni, int ip) {
        return vips.contains((long) vni << 32 | (ip & 0xFFFF_FFFFL));
    }

    /** @return the backend port for a packet to a VIP, or -1 when it is not load balanced */
    int backendPort(int vni, Packet p) {
        Int2IntHashMap ports = rules.get(ruleKey(vni, p.protocol, p.dstIp));
        return ports == null ? -1 : ports.get(p.dstPort);
    }

    private static int slot(long a, long b) {
        long h = a * 0x9E37_79B9_7F4A_7C15L ^ b * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ h >>> 29) & (FLOWS - 1);
    }

    /** Remembers that flow (client to DIP) was translated from the VIP. */
    void remember(int vni, int protocol, int dip, int dipPort, int client, int clientPort, int vip, int vipPort) {
        remember(vni, protocol, dip, dipPort, client, clientPort, vip, vipPort, vni);
    }

    /** Remembers a flow whose VIP is in network {@code vipVni}. */
    void remember(int vni, int protocol, int dip, int dipPort, int client, int clientPort, int vip, int vipPort,
            int vipVni) {
        long a = (long) dip << 32 | (client & 0xFFFF_FFFFL);
        long b = 1L << 62 | (long) vni << 40 | (long) protocol << 32 | (long) dipPort << 16 | clientPort;
        int s = slot(a, b);
        flowA[s] = a;
        flowB[s] = b;
        flowVip[s] = (vip & 0xFFFF_FFFFL) << 16 | vipPort;
        flowVipVni[s] = vipVni;
    }

    /** @return (vip << 16 | vip port) for a reply from a DIP to its client, or -1 */
    long reverse(int vni, Packet p) {
        long a = (long) p.srcIp << 32 | (p.dstIp & 0xFFFF_FFFFL);
        long b = 1L << 62 | (long) vni << 40 | (long) p.protocol << 32 | (long) p.srcPort << 16 | p.dstPort;
        int s = slot(a, b);
        if (flowA[s] == a && flowB[s] == b) {
            lastVipVni = flowVipVni[s];
            return flowVip[s];
        }
        return -1;
    }

    /**
     * Rewrites a frame's destination (or source) address and port, fixing the IPv4 header checksum
     * and, incrementally (RFC 1624), a TCP or a non-zero UDP checksum.
     *
     * @param b the buffer holding a copy of the parsed frame
     * @param frameOffset where the copy starts
     * @param p the frame as parsed (its offsets refer to the original)
     * @param source true to rewrite the source, false for the destination
     * @param ip the new address
     * @param port the new port
     */
    static void rewrite(MutableDirectBuffer b, int frameOffset, Packet p, boolean source, int ip, int port) {
        int delta = frameOffset - p.frameOffset;
        int l3 = p.l3Offset + delta;
        int l4 = p.l4Offset + delta;
        int ipAt = l3 + (source ? 12 : 16);
        int oldIp = b.getInt(ipAt, BIG_ENDIAN);
        b.putInt(ipAt, ip, BIG_ENDIAN);
        b.putShort(l3 + 10, (short) 0, BIG_ENDIAN);
        b.putShort(l3 + 10, (short) Checksum.of(b, l3, p.l4Offset - p.l3Offset), BIG_ENDIAN);
        int portAt = l4 + (source ? 0 : 2);
        int oldPort = b.getShort(portAt, BIG_ENDIAN) & 0xFFFF;
        b.putShort(portAt, (short) port, BIG_ENDIAN);
        int sumAt = p.protocol == Wire.PROTO_TCP ? l4 + 16 : l4 + 6;
        int sum = b.getShort(sumAt, BIG_ENDIAN) & 0xFFFF;
        if (p.protocol == Wire.PROTO_UDP && sum == 0) {
            return;
        }
        long s = ~sum & 0xFFFF;
        s += (~(oldIp >>> 16) & 0xFFFF) + (ip >>> 16);
        s += (~oldIp & 0xFFFF) + (ip & 0xFFFF);
        s += (~oldPort & 0xFFFF) + port;
        b.putShort(sumAt, (short) Checksum.fold(s), BIG_ENDIAN);
    }
}
