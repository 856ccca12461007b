package fabric.sdn.internal.slb;

import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.underlay.Underlay;
import fabric.sdn.internal.underlay.UnderlayEndpoint;
import fabric.sdn.internal.wire.Drop;
import fabric.sdn.internal.wire.DropCounters;
import fabric.sdn.internal.wire.Encapsulator;
import fabric.sdn.internal.wire.FrameWriter;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.PacketParser;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A software load balancer mux: it owns VIPs (the overlay maps each VIP to the mux's provider
 * address), and for every client packet to a VIP picks a backend (DIP) by Maglev over the healthy
 * backends, keeping per-flow affinity across pool changes (a flow stays on its backend while that
 * backend is healthy), rewrites the inner destination MAC to the DIP's and encapsulates the packet
 * to the DIP's host, whose agent does the NAT. Replies never come back through the mux (DSR).
 */
public final class Mux {

    private static final int FLOWS = 1 << 16;

    private final int pa;
    private final long mac;
    private final UnderlayEndpoint uplink;
    private final DropCounters drops = new DropCounters();
    private final PacketParser parser = new PacketParser(drops, Wire.MAX_FRAME);
    private final Packet outer = new Packet();
    private final Packet inner = new Packet();
    private final MutableDirectBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(Wire.MAX_FRAME + 128));
    /** (vni, protocol, vip) to (port to VIP). */
    private final Long2ObjectHashMap<Int2ObjectHashMap<Vip>> vips = new Long2ObjectHashMap<>();
    /** (vni, vip) to the backends' SNAT port ranges. */
    private final Long2ObjectHashMap<List<SnatRange>> snatRanges = new Long2ObjectHashMap<>();
    private long forwarded;

    /** One backend's outbound SNAT port range on a VIP: replies to those ports go to its host. */
    record SnatRange(int firstPort, int lastPort, int hostPa, long dipMac) {
    }

    synchronized void addSnatRange(int vni, int vip, SnatRange range) {
        snatRanges.computeIfAbsent((long) vni << 32 | (vip & 0xFFFF_FFFFL), k -> new ArrayList<>()).add(range);
    }

    /** Forgets the SNAT ranges of a VIP whose first port is {@code firstPort} (every range for -1). */
    synchronized void removeSnatRange(int vni, int vip, int firstPort) {
        long k = (long) vni << 32 | (vip & 0xFFFF_FFFFL);
        List<SnatRange> ranges = snatRanges.get(k);
        if (ranges != null) {
            ranges.removeIf(r -> firstPort < 0 || r.firstPort() == firstPort);
            if (ranges.isEmpty()) {
                snatRanges.remove(k);
            }
        }
    }

    /**
     * One backend of a VIP. Where it is (address, MAC, host, network) is set when its vPort
     * attaches and may change when the vPort attaches again elsewhere; a backend whose port is not
     * attached is never healthy.
     */
    static final class Backend {
        final String name;
        int dip;
        long dipMac;
        int hostPa;
        int vni;
        boolean healthy = true;

        Backend(String name, int dip, long dipMac, int hostPa) {
            this(name, dip, dipMac, hostPa, -1);
        }

        Backend(String name, int dip, long dipMac, int hostPa, int vni) {
            this.name = name;
            this.dip = dip;
            this.dipMac = dipMac;
            this.hostPa = hostPa;
            this.vni = vni;
        }
    }

    /** A VIP's backends, its Maglev table over the healthy ones, and its flows' backends. */
    static final class Vip {
        final int vni;
        final List<Backend> backends = new ArrayList<>();
        Maglev table;
        int[] tableToBackend;
        final long[] flowA = new long[FLOWS];
        final long[] flowB = new long[FLOWS];
        final int[] flowBackend = new int[FLOWS];
        long forwarded;

        Vip(int vni) {
            this.vni = vni;
        }
    }

    /**
     * @param underlay the provider network
     * @param providerAddress the mux's provider address
     */
    public Mux(Underlay underlay, int providerAddress) {
        this.pa = providerAddress;
        this.mac = HostAgent.hostMac(providerAddress);
        this.uplink = underlay.attach(providerAddress, mac, this::receive);
    }

    /** @return the mux's provider address */
    public int providerAddress() {
        return pa;
    }

    static long key(int vni, int protocol, int vip) {
        return (long) vni << 40 | (long) protocol << 32 | (vip & 0xFFFF_FFFFL);
    }

    synchronized Vip addVip(int vni, int protocol, int vip, int port, List<Backend> backends) {
        Vip v = new Vip(vni);
        v.backends.addAll(backends);
        rebuild(v);
        vips.computeIfAbsent(key(vni, protocol, vip), k -> new Int2ObjectHashMap<>()).put(port, v);
        return v;
    }

    /** Forgets a VIP's port: its clients' packets are dropped from now on. */
    synchronized void removeVip(int vni, int protocol, int vip, int port) {
        long k = key(vni, protocol, vip);
        Int2ObjectHashMap<Vip> ports = vips.get(k);
        if (ports != null) {
            ports.remove(port);
            if (ports.isEmpty()) {
                vips.remove(k);
            }
        }
    }

    /** Moves a backend (its vPort attached again, maybe on another host): the table is rebuilt. */
    synchronized void relocate(Vip v, Backend b, int dip, long dipMac, int hostPa, int vni) {
        b.dip = dip;
        b.dipMac = dipMac;
        b.hostPa = hostPa;
        b.vni = vni;
    }

    /** @return packets of a VIP's port forwarded to a backend */
    synchronized long forwarded(Vip v) {
        return v.forwarded;
    }

    /** Sets a backend's health; the VIP's table drops or regains it with minimal disruption. */
    synchronized void setHealthy(Vip v, Backend b, boolean healthy) {
        if (b.healthy == healthy) {
            return;
        }
        b.healthy = healthy;
        if (v.table == null || !healthy && v.table.backends().length == 1) {
            rebuild(v);
            return;
        }
        v.table = healthy ? v.table.with(b.name) : v.table.without(b.name);
        index(v);
    }

    private static void rebuild(Vip v) {
        List<String> names = new ArrayList<>();
        for (Backend b : v.backends) {
            if (b.healthy) {
                names.add(b.name);
            }
        }
        v.table = names.isEmpty() ? null : Maglev.build(names.toArray(new String[0]), Maglev.TABLE_SIZE);
        index(v);
    }

    private static void index(Vip v) {
        if (v.table == null) {
            v.tableToBackend = new int[0];
            return;
        }
        String[] names = v.table.backends();
        v.tableToBackend = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            for (int j = 0; j < v.backends.size(); j++) {
                if (v.backends.get(j).name.equals(names[i])) {
                    v.tableToBackend[i] = j;
                }
            }
        }
    }

    private synchronized void receive(DirectBuffer buffer, int offset, int length) {
        if (parser.parse(buffer, offset, length, outer) != null) {
            return;
        }
        int vni = parser.decapVxlan(buffer, outer, inner);
        if (vni < 0 || !inner.isIpv4() || inner.laterFragment) {
            return;
        }
        Int2ObjectHashMap<Vip> ports = vips.get(key(vni, inner.protocol, inner.dstIp));
        Vip v = ports == null ? null : ports.get(inner.dstPort);
        if (v == null || v.table == null) {
            forwardSnatReply(buffer, vni);
            return;
        }
        int hash = inner.hash;
        long a = (long) inner.srcIp << 32 | (inner.dstIp & 0xFFFF_FFFFL);
        long bKey = 1L << 62 | (long) inner.protocol << 32 | (long) inner.srcPort << 16 | inner.dstPort;
        int slot = (hash ^ hash >>> 16) & (FLOWS - 1);
        Backend backend = null;
        if (v.flowA[slot] == a && v.flowB[slot] == bKey) {
            Backend b = v.backends.get(v.flowBackend[slot]);
            if (b.healthy) {
                backend = b;
            }
        }
        if (backend == null) {
            int index = v.tableToBackend[v.table.lookup(hash)];
            backend = v.backends.get(index);
            v.flowA[slot] = a;
            v.flowB[slot] = bKey;
            v.flowBackend[slot] = index;
        }
        // The chosen DIP's MAC tells its host agent which local backend gets the packet.
        MutableDirectBuffer frame = (MutableDirectBuffer) buffer;
        FrameWriter.putMac(frame, inner.frameOffset, backend.dipMac);
        // The backend's network may differ from the VIP's (a public VIP over a tenant network).
        int len = Encapsulator.vxlan(frame, inner.frameOffset, inner.frameLength, out, 0, mac,
                HostAgent.hostMac(backend.hostPa), pa, backend.hostPa, backend.vni < 0 ? vni : backend.vni, hash);
        if (uplink.send(out, 0, len)) {
            forwarded++;
            v.forwarded++;
        }
    }

    /** A reply to an outbound SNAT flow: to the host whose backend owns the destination port. */
    private void forwardSnatReply(DirectBuffer buffer, int vni) {
        List<SnatRange> ranges = snatRanges.get((long) vni << 32 | (inner.dstIp & 0xFFFF_FFFFL));
        if (ranges != null) {
            for (int i = 0; i < ranges.size(); i++) {
                SnatRange r = ranges.get(i);
                if (inner.dstPort >= r.firstPort() && inner.dstPort <= r.lastPort()) {
                    FrameWriter.putMac((MutableDirectBuffer) buffer, inner.frameOffset, r.dipMac());
                    int len = Encapsulator.vxlan(buffer, inner.frameOffset, inner.frameLength, out, 0, mac,
                            HostAgent.hostMac(r.hostPa()), pa, r.hostPa(), vni, inner.hash);
                    if (uplink.send(out, 0, len)) {
                        forwarded++;
                    }
                    return;
                }
            }
        }
        drops.count(Drop.NO_ROUTE);
    }

    /** @return packets forwarded to backends */
    public synchronized long forwarded() {
        return forwarded;
    }
}
