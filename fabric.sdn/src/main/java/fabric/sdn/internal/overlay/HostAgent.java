package fabric.sdn.internal.overlay;

import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.VPort;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.pcap.PcapWriter;
import fabric.sdn.internal.underlay.Underlay;
import fabric.sdn.internal.underlay.UnderlayEndpoint;
import fabric.sdn.internal.wire.Drop;
import fabric.sdn.internal.wire.DropCounters;
import fabric.sdn.internal.wire.Encapsulator;
import fabric.sdn.internal.wire.FrameWriter;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.PacketParser;
import fabric.sdn.internal.wire.VxlanTunnel;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One node's host agent on the overlay: its virtual switch's vPorts by virtual network, the mapping
 * tables pushed to it, and the encapsulation to and from the provider network.
 *
 * <p>Transmit (a vPort sends): parse; answer ARP from the mapping table; filter outbound; look the
 * destination customer address up in the port's own virtual network only; deliver on this host or
 * encapsulate (VXLAN/NVGRE) to the destination's provider address. Receive (the underlay delivers):
 * parse and decapsulate; the VNI selects the virtual network; the inner source must be mapped to
 * the sending provider address; filter inbound; deliver. Every refusal is a counted {@link Drop}.
 *
 * <p>The data path runs under this object's lock (uncontended in steady state, reentrant so a sink
 * may answer from inside its receive call) and allocates nothing per frame.
 */
public final class HostAgent {

    private final NodeId node;
    private final int pa;
    private final long mac;
    private final Clock clock;
    private final DropCounters drops = new DropCounters();
    private final PacketParser parser = new PacketParser(drops, Wire.MAX_FRAME);
    private final Int2ObjectHashMap<VnetTable> vnets = new Int2ObjectHashMap<>();
    private final UnderlayEndpoint uplink;
    private final Packet txPacket = new Packet();
    private final Packet rxOuter = new Packet();
    private final Packet rxInner = new Packet();
    private final UnsafeBuffer txView = new UnsafeBuffer(0, 0);
    /** A sent frame with its headroom, for encapsulation in place. */
    private final UnsafeBuffer headView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer encap = new UnsafeBuffer(ByteBuffer.allocateDirect(Wire.MAX_FRAME + 128));
    private final ByteBuffer deliver = ByteBuffer.allocateDirect(Wire.MAX_FRAME);
    private final UnsafeBuffer deliverView = new UnsafeBuffer(deliver);
    private final UnsafeBuffer reply = new UnsafeBuffer(new byte[64]);
    private PortFilter filter = PortFilter.ALLOW_ALL;
    private final NatTable nat = new NatTable();
    private final SnatTable snat;
    private final org.agrona.collections.Long2ObjectHashMap<VxlanTunnel> tunnels =
            new org.agrona.collections.Long2ObjectHashMap<>();
    private final org.agrona.collections.Long2LongHashMap probeReplies = new org.agrona.collections.Long2LongHashMap(-1);
    private final UnsafeBuffer probe = new UnsafeBuffer(new byte[512]);
    private final org.agrona.collections.Long2LongHashMap probeStatus = new org.agrona.collections.Long2LongHashMap(-1);
    private PcapWriter uplinkCapture;

    /**
     * @param node the node
     * @param providerAddress its provider address
     * @param underlay the provider network to attach to
     * @param clock for capture timestamps
     */
    public HostAgent(NodeId node, int providerAddress, Underlay underlay, Clock clock) {
        this.node = node;
        this.pa = providerAddress;
        this.mac = hostMac(providerAddress);
        this.clock = clock;
        this.snat = new SnatTable(clock::millis, SnatTable.IDLE_MILLIS);
        this.uplink = underlay.attach(providerAddress, mac, this::receive);
    }

    /**
     * @param providerAddress a host's provider address
     * @return the host's locally administered MAC on the provider network
     */
    public static long hostMac(int providerAddress) {
        return 0x0200_0000_0000L | (providerAddress & 0xFFFF_FFFFL);
    }

    /** @return the node */
    public NodeId node() {
        return node;
    }

    /** @return the provider address */
    public int providerAddress() {
        return pa;
    }

    /** @return this host's drop counters */
    public DropCounters drops() {
        return drops;
    }

    /** @param filter the firewall hook for every port of this host */
    public synchronized void setFilter(PortFilter filter) {
        this.filter = filter;
    }

    synchronized VnetTable vnet(VirtualNetworkSpec spec) {
        VnetTable t = vnets.get(spec.vni());
        if (t == null) {
            t = new VnetTable(spec);
            vnets.put(spec.vni(), t);
        }
        return t;
    }

    synchronized void removeVnet(int vni) {
        vnets.remove(vni);
    }

    synchronized void putMapping(int vni, Mapping m) {
        VnetTable t = vnets.get(vni);
        if (t != null) {
            t.mappings.put(m.customerAddress, m);
        }
    }

    synchronized void removeMapping(int vni, int customerAddress) {
        VnetTable t = vnets.get(vni);
        if (t != null) {
            t.mappings.remove(customerAddress);
        }
    }

    synchronized void addPort(PortImpl port) {
        port.vnet.localPorts.put(port.ip, port);
        port.vnet.portsByMac.put(port.mac, port);
    }

    synchronized void removePort(PortImpl port) {
        port.attached = false;
        port.vnet.localPorts.remove(port.ip);
        port.vnet.portsByMac.remove(port.mac);
        closeCapture(port);
    }

    synchronized void startCapture(PcapWriter writer) {
        closeUplinkCapture();
        uplinkCapture = writer;
    }

    synchronized long stopCapture() {
        long n = uplinkCapture == null ? -1 : uplinkCapture.frames();
        closeUplinkCapture();
        return n;
    }

    synchronized void startCapture(PortImpl port, PcapWriter writer) {
        closeCapture(port);
        port.capture = writer;
    }

    synchronized long stopCapture(PortImpl port) {
        long n = port.capture == null ? -1 : port.capture.frames();
        closeCapture(port);
        return n;
    }

    private void closeUplinkCapture() {
        if (uplinkCapture != null) {
            uplinkCapture.close();
            uplinkCapture = null;
        }
    }

    private static void closeCapture(PortImpl port) {
        if (port.capture != null) {
            port.capture.close();
            port.capture = null;
        }
    }

    synchronized void close() {
        closeUplinkCapture();
    }

    /**
     * The transmit path: a frame from a vPort.
     *
     * @param headroom whether the {@link VPort#HEADROOM} bytes in front of the frame may be overwritten
     */
    synchronized boolean transmit(PortImpl port, ByteBuffer frame, boolean headroom) {
        int len = frame.remaining();
        if (!port.attached || len <= 0) {
            port.drops++;
            drops.count(Drop.NO_ROUTE);
            return false;
        }
        txView.wrap(frame, frame.position(), len);
        port.txFrames++;
        port.txBytes += len;
        if (port.capture != null) {
            port.capture.write(txView, 0, len, micros());
        }
        Packet p = txPacket;
        if (parser.parse(txView, 0, len, p) != null) {
            port.drops++;
            return false;
        }
        if (p.srcMac != port.mac) {
            return drop(port, Drop.SPOOFED);
        }
        if (p.isArp()) {
            return arp(port, p);
        }
        if (!p.isIpv4()) {
            return drop(port, Drop.NO_ROUTE);
        }
        if (p.srcIp != port.ip) {
            return drop(port, Drop.SPOOFED);
        }
        if (!filter.allowOutbound(port, p)) {
            return drop(port, Drop.FIREWALL);
        }
        VnetTable vnet = port.vnet;
        if (p.dstIp == PROBE_SOURCE) {
            // A backend's answer to this host agent's health probe.
            probeReplies.put((long) port.ip << 16 | p.srcPort, p.tcpFlags);
            if (p.payloadLength >= 12 && txView.getByte(p.payloadOffset) == 'H') {
                // "HTTP/1.1 200 ...": the status code of an HTTP probe's answer.
                int status = (txView.getByte(p.payloadOffset + 9) - '0') * 100
                        + (txView.getByte(p.payloadOffset + 10) - '0') * 10 + (txView.getByte(p.payloadOffset + 11) - '0');
                probeStatus.put((long) port.ip << 16 | p.srcPort, status);
            }
            return true;
        }
        boolean ports = p.protocol == Wire.PROTO_TCP || p.protocol == Wire.PROTO_UDP;
        long vip = ports ? nat.reverse(vnet.vni, p) : -1;
        if (vip >= 0 && nat.lastVipVni() != vnet.vni) {
            return dsrOut(port, p, len, vip, nat.lastVipVni());
        }
        Mapping m = vnet.mappings.get(p.dstIp);
        if (m == null) {
            SnatTable.Allocation a = ports && !vnet.spec.contains(p.dstIp) ? snat.allocation(vnet.vni, port.ip) : null;
            return a == null ? drop(port, Drop.NO_ROUTE) : snatOut(port, p, len, a);
        }
        if (m.providerAddress == pa) {
            PortImpl to = vnet.localPorts.get(p.dstIp);
            if (to == null || p.dstMac != to.mac) {
                return drop(port, Drop.NO_ROUTE);
            }
            if (!filter.allowInbound(to, p)) {
                return drop(to, Drop.FIREWALL);
            }
            deliverView.putBytes(0, txView, 0, len);
            if (vip >= 0) {
                NatTable.rewrite(deliverView, 0, p, true, (int) (vip >>> 16), (int) (vip & 0xFFFF));
            }
            deliverInPlace(to, len);
            return true;
        }
        if (headroom && vip < 0 && vnet.encapsulation == Encapsulation.VXLAN
                && frame.position() >= VPort.HEADROOM && !frame.isReadOnly()) {
            // The sender left headroom: the outer headers go in front of the frame, which is not copied.
            headView.wrap(frame, frame.position() - Wire.VXLAN_OVERHEAD, Wire.VXLAN_OVERHEAD + len);
            int outLen = tunnel(m.providerAddress, vnet.vni).encapsulateInPlace(headView, Wire.VXLAN_OVERHEAD, len,
                    p.hash);
            return sendOuter(port, headView, outLen);
        }
        int outLen = encapsulate(vnet, m.providerAddress, len, p.hash);
        if (vip >= 0) {
            // Direct Server Return: the reply leaves with the VIP as its source, straight to the client.
            NatTable.rewrite(encap, outLen - len, p, true, (int) (vip >>> 16), (int) (vip & 0xFFFF));
        }
        return sendOuter(port, encap, outLen);
    }

    /**
     * Encapsulates the sent frame ({@link #txView}) by copy into {@link #encap}, with the network's
     * encapsulation, to a host.
     *
     * @return the outer frame's length; the inner frame starts {@code len} bytes before its end
     */
    private int encapsulate(VnetTable vnet, int hostPa, int len, int flowHash) {
        return vnet.encapsulation == Encapsulation.VXLAN
                ? tunnel(hostPa, vnet.vni).encapsulate(txView, 0, len, encap, 0, flowHash)
                : Encapsulator.nvgre(txView, 0, len, encap, 0, mac, hostMac(hostPa), pa, hostPa, vnet.vni,
                        flowHash);
    }

    /**
     * Sends the frame into another network with a new source address, port and MAC (SNAT, or DSR
     * across networks): delivered on this host or encapsulated to the destination's host.
     */
    private boolean forwardRewritten(PortImpl port, Packet p, int len, VnetTable net, Mapping dst, int srcIp,
            int srcPort, long srcMac) {
        if (dst.providerAddress == pa) {
            PortImpl to = net.localPorts.get(p.dstIp);
            if (to == null) {
                return drop(port, Drop.NO_ROUTE);
            }
            deliverView.putBytes(0, txView, 0, len);
            NatTable.rewrite(deliverView, 0, p, true, srcIp, srcPort);
            FrameWriter.putMac(deliverView, 0, dst.customerMac);
            FrameWriter.putMac(deliverView, 6, srcMac);
            deliverInPlace(to, len);
            return true;
        }
        int outLen = encapsulate(net, dst.providerAddress, len, p.hash);
        int inner = outLen - len;
        NatTable.rewrite(encap, inner, p, true, srcIp, srcPort);
        FrameWriter.putMac(encap, inner, dst.customerMac);
        FrameWriter.putMac(encap, inner + 6, srcMac);
        return sendOuter(port, encap, outLen);
    }

    /** Captures (when asked) and sends an encapsulated frame from the start of {@code outer}. */
    private boolean sendOuter(PortImpl port, UnsafeBuffer outer, int outLen) {
        if (uplinkCapture != null) {
            uplinkCapture.write(outer, 0, outLen, micros());
        }
        if (!uplink.send(outer, 0, outLen)) {
            return drop(port, Drop.UNDERLAY);
        }
        return true;
    }

    /**
     * Outbound SNAT: a backend's connection to an address outside its network leaves with the VIP
     * and a port of its range as its source, routed in the public network.
     */
    private boolean snatOut(PortImpl port, Packet p, int len, SnatTable.Allocation a) {
        VnetTable pub = vnets.get(a.publicVni);
        Mapping dst = pub == null ? null : pub.mappings.get(p.dstIp);
        if (dst == null) {
            return drop(port, Drop.NO_ROUTE);
        }
        int snatPort = snat.outbound(a, port.ip, p.srcPort, p.dstIp, p.dstPort, p.protocol);
        if (snatPort < 0) {
            return drop(port, Drop.SNAT_EXHAUSTED);
        }
        return forwardRewritten(port, p, len, pub, dst, a.vip, snatPort, a.vipMac);
    }

    /**
     * Direct Server Return across networks: the reply of a backend to a client of a VIP in another
     * network (a public VIP over a tenant network) leaves with the VIP as its source, routed in the
     * VIP's network straight to the client.
     */
    private boolean dsrOut(PortImpl port, Packet p, int len, long vip, int vipVni) {
        VnetTable pub = vnets.get(vipVni);
        Mapping dst = pub == null ? null : pub.mappings.get(p.dstIp);
        Mapping vipMapping = pub == null ? null : pub.mappings.get((int) (vip >>> 16));
        if (dst == null || vipMapping == null) {
            return drop(port, Drop.NO_ROUTE);
        }
        return forwardRewritten(port, p, len, pub, dst, (int) (vip >>> 16), (int) (vip & 0xFFFF),
                vipMapping.customerMac);
    }

    /**
     * An outbound rule for a local backend: its flows to addresses outside its network are SNATed to
     * the VIP with ports from {@code firstPort} to {@code lastPort}.
     *
     * @param dipVni the backend's network
     * @param dip the backend's address
     * @param publicVni the network the VIP and the remote addresses are in
     * @param vip the VIP
     * @param vipMac the VIP's MAC
     * @param firstPort the range's first port
     * @param lastPort the range's last port
     */
    public synchronized void addOutboundRule(int dipVni, int dip, int publicVni, int vip, long vipMac, int firstPort,
            int lastPort) {
        snat.allocate(dipVni, dip, new SnatTable.Allocation(publicVni, vip, vipMac, firstPort, lastPort, dipVni));
    }

    /** The VXLAN header template towards one host for one VNI, built on first use. */
    private VxlanTunnel tunnel(int dstPa, int vni) {
        long key = (long) dstPa << 32 | vni;
        VxlanTunnel t = tunnels.get(key);
        if (t == null) {
            t = new VxlanTunnel(mac, hostMac(dstPa), pa, dstPa, vni);
            tunnels.put(key, t);
        }
        return t;
    }

    /** ARP is answered from the mapping table: no flooding, and nothing outside the port's network. */
    private boolean arp(PortImpl port, Packet p) {
        if (p.arpOp != Wire.ARP_REQUEST) {
            return true;
        }
        Mapping m = port.vnet.mappings.get(p.arpTargetIp);
        if (m == null || p.arpTargetIp == port.ip) {
            return drop(port, Drop.NO_ROUTE);
        }
        int at = FrameWriter.ethernet(deliverView, 0, port.mac, m.customerMac, Wire.ETHERTYPE_ARP);
        at = FrameWriter.arp(deliverView, at, Wire.ARP_REPLY, m.customerMac, m.customerAddress, port.mac, port.ip);
        deliverInPlace(port, at);
        return true;
    }

    /** The receive path: an outer frame from the provider network. */
    private synchronized void receive(DirectBuffer buffer, int offset, int length) {
        if (uplinkCapture != null) {
            uplinkCapture.write(buffer, offset, length, micros());
        }
        Packet outer = rxOuter;
        Packet inner = rxInner;
        int outerSrc;
        boolean gre;
        // The fast path takes plain VXLAN frames; every other shape goes through the full parser.
        long checked = VxlanTunnel.check(buffer, offset, length);
        int vni;
        if (checked >= 0) {
            vni = VxlanTunnel.vni(checked);
            long dstMac = PacketParser.mac(buffer, offset);
            if (dstMac != mac && dstMac != FrameWriter.BROADCAST) {
                return;
            }
            outerSrc = buffer.getInt(offset + Wire.ETH_HEADER + 12, java.nio.ByteOrder.BIG_ENDIAN);
            gre = false;
            if (parser.parse(buffer, offset + Wire.VXLAN_OVERHEAD, VxlanTunnel.innerLength(checked), inner) != null) {
                return;
            }
        } else {
            if (parser.parse(buffer, offset, length, outer) != null) {
                return;
            }
            if (outer.dstMac != mac && outer.dstMac != FrameWriter.BROADCAST) {
                // Flooded by a switch that has not learned the destination yet: the NIC filters it.
                return;
            }
            gre = outer.protocol == Wire.PROTO_GRE;
            outerSrc = outer.srcIp;
            vni = gre ? parser.decapNvgre(buffer, outer, inner) : parser.decapVxlan(buffer, outer, inner);
            if (vni < 0) {
                return;
            }
        }
        VnetTable vnet = vnets.get(vni);
        if (vnet == null || (vnet.encapsulation == Encapsulation.NVGRE) != gre) {
            drops.count(Drop.UNKNOWN_VNI);
            return;
        }
        if (inner.isArp()) {
            answerRemoteArp(vnet, outerSrc, inner);
            return;
        }
        if (!inner.isIpv4()) {
            drops.count(Drop.NO_ROUTE);
            return;
        }
        Mapping source = vnet.mappings.get(inner.srcIp);
        boolean viaMux = nat.isMux(outerSrc);
        boolean fromVip = nat.isVip(vni, inner.srcIp);
        // A mux forwards clients of any network (a public VIP's clients are not in the backends' network).
        if (!fromVip && !viaMux && (source == null || source.customerMac != inner.srcMac
                || source.providerAddress != outerSrc)) {
            drops.count(Drop.SPOOFED);
            return;
        }
        if (viaMux) {
            receiveLoadBalanced(vnet, inner, buffer);
            return;
        }
        PortImpl to = vnet.localPorts.get(inner.dstIp);
        if (to == null || inner.dstMac != to.mac) {
            drops.count(Drop.NO_ROUTE);
            return;
        }
        if (!filter.allowInbound(to, inner)) {
            drop(to, Drop.FIREWALL);
            return;
        }
        deliver(to, buffer, inner.frameOffset, inner.frameLength);
    }

    /**
     * A client's packet to a VIP, forwarded by a mux with the chosen backend's MAC as its inner
     * destination: NAT VIP to DIP, remember the flow for the reply, filter, deliver.
     */
    private void receiveLoadBalanced(VnetTable vnet, Packet inner, DirectBuffer buffer) {
        int backendPort = nat.backendPort(vnet.vni, inner);
        if (backendPort < 0 && (inner.protocol == Wire.PROTO_TCP || inner.protocol == Wire.PROTO_UDP)) {
            long dip = snat.inbound(inner.dstIp, inner.dstPort, inner.srcIp, inner.srcPort, inner.protocol);
            if (dip >= 0) {
                snatIn(inner, buffer, dip,
                        snat.inboundVni(inner.dstIp, inner.dstPort, inner.srcIp, inner.srcPort, inner.protocol));
                return;
            }
        }
        PortImpl to = vnet.portsByMac.get(inner.dstMac);
        if (backendPort < 0 || to == null) {
            drops.count(Drop.NO_ROUTE);
            return;
        }
        int vip = inner.dstIp;
        int vipPort = inner.dstPort;
        int vipVni = nat.vipVni(vnet.vni, inner);
        deliverView.putBytes(0, buffer, inner.frameOffset, inner.frameLength);
        NatTable.rewrite(deliverView, 0, inner, false, to.ip, backendPort);
        inner.dstIp = to.ip;
        inner.dstPort = backendPort;
        if (!filter.allowInbound(to, inner)) {
            drop(to, Drop.FIREWALL);
            return;
        }
        nat.remember(vnet.vni, inner.protocol, to.ip, backendPort, inner.srcIp, inner.srcPort, vip, vipPort,
                vipVni);
        deliverInPlace(to, inner.frameLength);
    }

    /** The reply of an outbound SNAT flow, forwarded by the mux: back to the backend's address and port. */
    private void snatIn(Packet inner, DirectBuffer buffer, long dip, int dipVni) {
        VnetTable dv = vnets.get(dipVni);
        PortImpl to = dv == null ? null : dv.localPorts.get((int) (dip >>> 16));
        if (to == null) {
            drops.count(Drop.NO_ROUTE);
            return;
        }
        deliverView.putBytes(0, buffer, inner.frameOffset, inner.frameLength);
        NatTable.rewrite(deliverView, 0, inner, false, to.ip, (int) (dip & 0xFFFF));
        FrameWriter.putMac(deliverView, 0, to.mac);
        inner.dstIp = to.ip;
        inner.dstPort = (int) (dip & 0xFFFF);
        if (!filter.allowInbound(to, inner)) {
            drop(to, Drop.FIREWALL);
            return;
        }
        deliverInPlace(to, inner.frameLength);
    }

    /** The source address of health probes, as Azure's (168.63.129.16). */
    public static final int PROBE_SOURCE = 0xA83F_8110;
    private static final int PROBE_PORT = 65330;

    /** Load-balancer configuration pushed to this host: a VIP rule for a virtual network. */
    public synchronized void addLoadBalancedVip(int vni, int protocol, int vip, int vipPort, int backendPort) {
        nat.addRule(vni, protocol, vip, vipPort, backendPort);
    }

    /**
     * A VIP rule whose VIP is in another network than its backends (a public VIP over a tenant network).
     *
     * @param vni the backends' network
     * @param protocol 6 or 17
     * @param vip the VIP
     * @param vipPort the VIP's port
     * @param backendPort the backends' port
     * @param vipVni the VIP's network
     */
    public synchronized void addLoadBalancedVip(int vni, int protocol, int vip, int vipPort, int backendPort, int vipVni) {
        nat.addRule(vni, protocol, vip, vipPort, backendPort, vipVni);
    }

    /** Forgets a VIP rule; flows already translated keep their reverse entries until overwritten. */
    public synchronized void removeLoadBalancedVip(int vni, int protocol, int vip, int vipPort) {
        nat.removeRule(vni, protocol, vip, vipPort);
    }

    /** Forgets a VIP of a virtual network. */
    public synchronized void removeVip(int vni, int vip) {
        nat.removeVip(vni, vip);
    }

    /** Forgets a local backend's outbound rule: its new flows outside its network are dropped. */
    public synchronized void removeOutboundRule(int dipVni, int dip) {
        snat.deallocate(dipVni, dip);
    }

    /** @return outbound flows refused because a backend's SNAT range was full */
    public synchronized long snatExhausted() {
        return snat.exhausted;
    }

    /** A VIP of a virtual network, so replies sourced from it are accepted from any host. */
    public synchronized void addVip(int vni, int vip) {
        nat.addVip(vni, vip);
    }

    /** A mux's provider address: its frames carry clients of other hosts. */
    public synchronized void addMux(int providerAddress) {
        nat.addMux(providerAddress);
    }

    /**
     * Sends a TCP health probe (a SYN from {@link #PROBE_SOURCE}) to a local backend port and
     * returns its answer, synchronously: the probe passes the port's inbound filter (the default
     * rule AllowAzureLoadBalancerInBound admits it) and the guest answers from inside the call.
     *
     * @param port the backend's port
     * @param tcpPort the probed TCP port
     * @return true when the backend answered SYN-ACK
     */
    public synchronized boolean probeTcp(PortImpl port, int tcpPort) {
        long key = (long) port.ip << 16 | tcpPort;
        probeReplies.remove(key);
        int at = FrameWriter.ethernet(probe, 0, port.mac, mac, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(probe, at, Wire.TCP_HEADER, Wire.PROTO_TCP, 64, 0, PROBE_SOURCE, port.ip);
        at = FrameWriter.tcp(probe, at, PROBE_PORT, tcpPort, 1, 0, Wire.TCP_SYN);
        Packet p = rxInner;
        if (parser.parse(probe, 0, at, p) != null || !filter.allowInbound(port, p)) {
            return false;
        }
        deliverView.putBytes(0, probe, 0, at);
        deliverInPlace(port, at);
        long flags = probeReplies.get(key);
        return flags >= 0 && (flags & (Wire.TCP_SYN | Wire.TCP_ACK)) == (Wire.TCP_SYN | Wire.TCP_ACK);
    }

    /**
     * Sends an HTTP health probe to a local backend port: a TCP probe, then {@code GET path} in one
     * segment, synchronously as {@link #probeTcp}.
     *
     * @param port the backend's port
     * @param tcpPort the probed TCP port
     * @param path the probed path
     * @return true when the backend answered HTTP 200
     */
    public synchronized boolean probeHttp(PortImpl port, int tcpPort, String path) {
        if (!probeTcp(port, tcpPort)) {
            return false;
        }
        long key = (long) port.ip << 16 | tcpPort;
        probeStatus.remove(key);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + port.spec().address()
                + "\r\nUser-Agent: fabric-probe\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (request.length > probe.capacity() - 64) {
            return false;
        }
        int at = FrameWriter.ethernet(probe, 0, port.mac, mac, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(probe, at, Wire.TCP_HEADER + request.length, Wire.PROTO_TCP, 64, 0, PROBE_SOURCE, port.ip);
        at = FrameWriter.tcp(probe, at, PROBE_PORT, tcpPort, 2, 7001, Wire.TCP_ACK | 0x08);
        probe.putBytes(at, request);
        at += request.length;
        Packet p = rxInner;
        if (parser.parse(probe, 0, at, p) != null || !filter.allowInbound(port, p)) {
            return false;
        }
        deliverView.putBytes(0, probe, 0, at);
        deliverInPlace(port, at);
        return probeStatus.get(key) == 200;
    }

    /**
     * An ARP request that arrived encapsulated (from a VTEP that floods ARP, such as a Linux VXLAN
     * device): answered from the mapping table, encapsulated back to the requester's provider
     * address. The requester must be mapped to the sending provider address.
     */
    private void answerRemoteArp(VnetTable vnet, int requesterPa, Packet inner) {
        if (inner.arpOp != Wire.ARP_REQUEST) {
            return;
        }
        Mapping requester = vnet.mappings.get(inner.arpSenderIp);
        if (requester == null || requester.providerAddress != requesterPa || requester.customerMac != inner.srcMac) {
            drops.count(Drop.SPOOFED);
            return;
        }
        Mapping target = vnet.mappings.get(inner.arpTargetIp);
        if (target == null) {
            drops.count(Drop.NO_ROUTE);
            return;
        }
        int len = FrameWriter.ethernet(reply, 0, inner.srcMac, target.customerMac, Wire.ETHERTYPE_ARP);
        len = FrameWriter.arp(reply, len, Wire.ARP_REPLY, target.customerMac, target.customerAddress, inner.arpSenderMac,
                inner.arpSenderIp);
        int outLen = vnet.encapsulation == Encapsulation.VXLAN
                ? Encapsulator.vxlan(reply, 0, len, encap, 0, mac, hostMac(requesterPa), pa, requesterPa, vnet.vni,
                        inner.arpSenderIp)
                : Encapsulator.nvgre(reply, 0, len, encap, 0, mac, hostMac(requesterPa), pa, requesterPa, vnet.vni,
                        inner.arpSenderIp);
        if (uplinkCapture != null) {
            uplinkCapture.write(encap, 0, outLen, micros());
        }
        if (!uplink.send(encap, 0, outLen)) {
            drops.count(Drop.UNDERLAY);
        }
    }

    private void deliver(PortImpl to, DirectBuffer buffer, int offset, int length) {
        deliverView.putBytes(0, buffer, offset, length);
        deliverInPlace(to, length);
    }

    private void deliverInPlace(PortImpl to, int length) {
        to.rxFrames++;
        to.rxBytes += length;
        if (to.capture != null) {
            to.capture.write(deliverView, 0, length, micros());
        }
        deliver.limit(length).position(0);
        to.sink.receive(deliver);
    }

    private boolean drop(PortImpl port, Drop reason) {
        port.drops++;
        drops.count(reason);
        return false;
    }

    private long micros() {
        return clock.millis() * 1000;
    }
}
