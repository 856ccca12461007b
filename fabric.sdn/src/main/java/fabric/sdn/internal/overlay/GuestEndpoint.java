package fabric.sdn.internal.overlay;

import fabric.api.network.GuestStack;
import fabric.api.network.Ipv4Address;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.sdn.internal.wire.DropCounters;
import fabric.sdn.internal.wire.FrameWriter;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.PacketParser;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.util.List;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A minimal IPv4 guest stack on a vPort: answers ARP for its address and ICMP echo requests, pings
 * (ARP first when the neighbour is unknown), answers TCP SYNs (SYN-ACK on listening ports, RST
 * otherwise), serves one-segment HTTP GETs with configured statuses (enough for load-balancer TCP
 * and HTTP health probes) and records the TCP segments it receives. The fabric's own diagnostic endpoint
 * ({@code net:endpoint}, {@code net:ping}) and the test bed's stand-in for a VM until compute
 * attaches real guests. Thread-safe.
 */
public final class GuestEndpoint implements GuestStack {

    private final long mac;
    private final int ip;
    private final PacketParser parser = new PacketParser(new DropCounters(), Wire.MAX_FRAME);
    private final Packet rx = new Packet();
    /** Frames are built behind {@link VPort#HEADROOM} bytes, so the fabric encapsulates them in place. */
    private final ByteBuffer tx = ByteBuffer.allocateDirect(VPort.HEADROOM + 2048);
    private final UnsafeBuffer txView = new UnsafeBuffer(tx, VPort.HEADROOM, 2048);
    private final UnsafeBuffer rxView = new UnsafeBuffer(0, 0);
    private final Long2LongHashMap neighbours = new Long2LongHashMap(-1);
    private VPort port;
    private long gateway = -1;
    private final java.util.Map<String, Integer> httpStatus = new java.util.HashMap<>();
    private final java.util.Set<Integer> listening = new java.util.HashSet<>();
    private final List<long[]> tcpSegments = new java.util.ArrayList<>();
    private int pendingPingTo;
    private int pendingSeq;
    private long echoRequestsAnswered;
    private long echoRepliesReceived;
    private int lastReplyFrom;
    private int lastReplySeq = -1;
    private long framesReceived;

    /**
     * @param mac the endpoint's MAC
     * @param ip its address
     */
    public GuestEndpoint(MacAddress mac, Ipv4Address ip) {
        this.mac = mac.value();
        this.ip = ip.value();
    }

    @Override
    public MacAddress mac() {
        return new MacAddress(mac);
    }

    @Override
    public Ipv4Address address() {
        return new Ipv4Address(ip);
    }

    /** @param port the port this endpoint sends on, once attached; {@code null} for none */
    @Override
    public synchronized void bind(VPort port) {
        this.port = port;
    }

    @Override
    public synchronized void receive(ByteBuffer frame) {
        framesReceived++;
        rxView.wrap(frame, frame.position(), frame.remaining());
        if (parser.parse(rxView, 0, frame.remaining(), rx) != null) {
            return;
        }
        if (rx.isArp()) {
            if (rx.arpOp == Wire.ARP_REPLY) {
                neighbours.put(rx.arpSenderIp & 0xFFFF_FFFFL, rx.arpSenderMac);
                if (pendingPingTo != 0 && rx.arpSenderIp == pendingPingTo) {
                    int to = pendingPingTo;
                    pendingPingTo = 0;
                    sendEcho(Wire.ICMP_ECHO_REQUEST, rx.arpSenderMac, to, 0x4242, pendingSeq, 56);
                }
            } else if (rx.arpTargetIp == ip) {
                long toMac = rx.arpSenderMac;
                int toIp = rx.arpSenderIp;
                int at = FrameWriter.ethernet(txView, 0, toMac, mac, Wire.ETHERTYPE_ARP);
                at = FrameWriter.arp(txView, at, Wire.ARP_REPLY, mac, ip, toMac, toIp);
                send(at);
            }
            return;
        }
        if (rx.protocol == Wire.PROTO_TCP && rx.dstIp == ip) {
            tcp();
            return;
        }
        if (rx.protocol != Wire.PROTO_ICMP || rx.dstIp != ip) {
            return;
        }
        if (rx.icmpType == Wire.ICMP_ECHO_REQUEST) {
            echoRequestsAnswered++;
            int payload = rx.payloadLength;
            int at = FrameWriter.ethernet(txView, 0, rx.srcMac, mac, Wire.ETHERTYPE_IPV4);
            at = FrameWriter.ipv4(txView, at, Wire.ICMP_ECHO_HEADER + payload, Wire.PROTO_ICMP, 64, rx.icmpSeq, ip,
                    rx.srcIp);
            txView.putBytes(at + Wire.ICMP_ECHO_HEADER, rxView, rx.payloadOffset, payload);
            at = FrameWriter.icmpEcho(txView, at, Wire.ICMP_ECHO_REPLY, rx.icmpId, rx.icmpSeq, payload);
            send(at);
        } else if (rx.icmpType == Wire.ICMP_ECHO_REPLY) {
            echoRepliesReceived++;
            lastReplyFrom = rx.srcIp;
            lastReplySeq = rx.icmpSeq;
        }
    }

    /** Records a TCP segment; answers a SYN with SYN-ACK on a listening port, RST on a closed one. */
    private void tcp() {
        tcpSegments.add(new long[] {rx.srcIp, rx.srcPort, rx.dstPort, rx.tcpFlags});
        if ((rx.tcpFlags & Wire.TCP_ACK) != 0 && rx.payloadLength > 0 && listening.contains(rx.dstPort)) {
            http();
            return;
        }
        if ((rx.tcpFlags & Wire.TCP_SYN) == 0 || (rx.tcpFlags & Wire.TCP_ACK) != 0) {
            return;
        }
        int flags = listening.contains(rx.dstPort) ? Wire.TCP_SYN | Wire.TCP_ACK : Wire.TCP_RST | Wire.TCP_ACK;
        int seqIn = rxView.getInt(rx.l4Offset - rx.frameOffset + 4, java.nio.ByteOrder.BIG_ENDIAN);
        int at = FrameWriter.ethernet(txView, 0, rx.srcMac, mac, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(txView, at, Wire.TCP_HEADER, Wire.PROTO_TCP, 64, 0, ip, rx.srcIp);
        at = FrameWriter.tcp(txView, at, rx.dstPort, rx.srcPort, 7000, seqIn + 1, flags);
        send(at);
    }

    /**
     * Answers an HTTP request (one segment, {@code GET path ...}) on a listening port: the status
     * set for the path by {@link #serveHttp}, else 404.
     */
    private void http() {
        int len = Math.min(rx.payloadLength, 256);
        byte[] request = new byte[len];
        rxView.getBytes(rx.payloadOffset - rx.frameOffset, request, 0, len);
        String line = new String(request, java.nio.charset.StandardCharsets.US_ASCII);
        int status = 400;
        if (line.startsWith("GET ")) {
            int end = line.indexOf(' ', 4);
            String path = end < 0 ? line.substring(4).strip() : line.substring(4, end);
            status = httpStatus.getOrDefault(rx.dstPort + " " + path, 404);
        }
        byte[] response = ("HTTP/1.1 " + status + (status == 200 ? " OK" : " Error")
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int seqIn = rxView.getInt(rx.l4Offset - rx.frameOffset + 4, java.nio.ByteOrder.BIG_ENDIAN);
        int at = FrameWriter.ethernet(txView, 0, rx.srcMac, mac, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(txView, at, Wire.TCP_HEADER + response.length, Wire.PROTO_TCP, 64, 0, ip, rx.srcIp);
        at = FrameWriter.tcp(txView, at, rx.dstPort, rx.srcPort, 7001, seqIn + rx.payloadLength,
                Wire.TCP_ACK | 0x08);
        txView.putBytes(at, response);
        send(at + response.length);
    }

    /**
     * Serves HTTP on a TCP port (and listens on it): {@code GET path} answers {@code status}.
     *
     * @param port the TCP port
     * @param path the path, such as {@code /health}
     * @param status the HTTP status to answer
     */
    public synchronized void serveHttp(int port, String path, int status) {
        listening.add(port);
        httpStatus.put(port + " " + path, status);
    }

    /**
     * @param mac the default gateway's MAC: frames to addresses without a neighbour entry go there
     *        (the fabric routes them, for example through an outbound SNAT rule)
     */
    public synchronized void gateway(MacAddress mac) {
        this.gateway = mac.value();
    }

    /** @param port a TCP port this endpoint accepts connections on (answers SYN with SYN-ACK) */
    @Override
    public synchronized void listen(int port) {
        listening.add(port);
    }

    /** @param port a TCP port to stop listening on (SYNs get RST) */
    public synchronized void close(int port) {
        listening.remove(port);
    }

    /** @return every TCP segment received: {source address, source port, destination port, flags} */
    public synchronized List<long[]> tcpSegments() {
        return List.copyOf(tcpSegments);
    }

    /**
     * Sends a TCP segment without payload to a resolved neighbour (see {@link #resolve}), or through
     * the gateway when one is set.
     *
     * @param to the destination
     * @param srcPort source port
     * @param dstPort destination port
     * @param flags TCP flags
     * @return false when the neighbour is unknown or the fabric refused the frame
     */
    public boolean sendTcp(Ipv4Address to, int srcPort, int dstPort, int flags) {
        ByteBuffer frame = ByteBuffer.allocateDirect(VPort.HEADROOM + 128);
        UnsafeBuffer view = new UnsafeBuffer(frame, VPort.HEADROOM, 128);
        VPort p;
        int at;
        synchronized (this) {
            p = port;
            long toMac = neighbours.get(to.value() & 0xFFFF_FFFFL);
            if (toMac == -1) {
                toMac = gateway;
            }
            if (toMac == -1 || p == null) {
                return false;
            }
            at = FrameWriter.ethernet(view, 0, toMac, mac, Wire.ETHERTYPE_IPV4);
            at = FrameWriter.ipv4(view, at, Wire.TCP_HEADER, Wire.PROTO_TCP, 64, srcPort, ip, to.value());
            at = FrameWriter.tcp(view, at, srcPort, dstPort, 1000, 0, flags);
        }
        frame.limit(VPort.HEADROOM + at).position(VPort.HEADROOM);
        return p.sendWithHeadroom(frame);
    }

    /**
     * Sends an ARP request for an address (its answer fills the neighbour table).
     *
     * @param to the address
     * @return false when the fabric refused the request
     */
    public boolean resolve(Ipv4Address to) {
        ByteBuffer frame = ByteBuffer.allocateDirect(VPort.HEADROOM + 64);
        UnsafeBuffer view = new UnsafeBuffer(frame, VPort.HEADROOM, 64);
        VPort p;
        synchronized (this) {
            p = port;
        }
        int at = FrameWriter.ethernet(view, 0, FrameWriter.BROADCAST, mac, Wire.ETHERTYPE_ARP);
        at = FrameWriter.arp(view, at, Wire.ARP_REQUEST, mac, ip, 0, to.value());
        frame.limit(VPort.HEADROOM + at).position(VPort.HEADROOM);
        return p != null && p.sendWithHeadroom(frame);
    }

    /**
     * Sends one echo request (after ARP when the neighbour is not known yet). Called from any
     * thread; the frame is built under this endpoint's lock and sent after it is released, so the
     * lock order is always host, then endpoint.
     *
     * @param to the destination address
     * @param seq the sequence number
     * @return false when the fabric refused the first frame
     */
    @Override
    public boolean ping(Ipv4Address to, int seq) {
        ByteBuffer frame = ByteBuffer.allocateDirect(VPort.HEADROOM + 128);
        UnsafeBuffer view = new UnsafeBuffer(frame, VPort.HEADROOM, 128);
        VPort p;
        int at;
        synchronized (this) {
            p = port;
            long toMac = neighbours.get(to.value() & 0xFFFF_FFFFL);
            if (toMac != -1) {
                at = echo(view, Wire.ICMP_ECHO_REQUEST, toMac, to.value(), 0x4242, seq, 56);
            } else {
                pendingPingTo = to.value();
                pendingSeq = seq;
                at = FrameWriter.ethernet(view, 0, FrameWriter.BROADCAST, mac, Wire.ETHERTYPE_ARP);
                at = FrameWriter.arp(view, at, Wire.ARP_REQUEST, mac, ip, 0, to.value());
            }
        }
        if (p == null) {
            return false;
        }
        frame.limit(VPort.HEADROOM + at).position(VPort.HEADROOM);
        return p.sendWithHeadroom(frame);
    }

    private int echo(UnsafeBuffer b, int type, long toMac, int toIp, int id, int seq, int payload) {
        int at = FrameWriter.ethernet(b, 0, toMac, mac, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(b, at, Wire.ICMP_ECHO_HEADER + payload, Wire.PROTO_ICMP, 64, seq, ip, toIp);
        for (int i = 0; i < payload; i++) {
            b.putByte(at + Wire.ICMP_ECHO_HEADER + i, (byte) i);
        }
        return FrameWriter.icmpEcho(b, at, type, id, seq, payload);
    }

    private boolean sendEcho(int type, long toMac, int toIp, int id, int seq, int payload) {
        return send(echo(txView, type, toMac, toIp, id, seq, payload));
    }

    private boolean send(int length) {
        VPort p = port;
        if (p == null) {
            return false;
        }
        tx.limit(VPort.HEADROOM + length).position(VPort.HEADROOM);
        return p.sendWithHeadroom(tx);
    }

    /** @return echo requests this endpoint answered */
    @Override
    public synchronized long echoRequestsAnswered() {
        return echoRequestsAnswered;
    }

    /** @return echo replies this endpoint received */
    @Override
    public synchronized long echoRepliesReceived() {
        return echoRepliesReceived;
    }

    /** @return the sequence number of the last echo reply, -1 before any */
    @Override
    public synchronized int lastReplySeq() {
        return lastReplySeq;
    }

    /** @return the source of the last echo reply */
    public synchronized Ipv4Address lastReplyFrom() {
        return new Ipv4Address(lastReplyFrom);
    }

    /** @return every frame delivered to this endpoint */
    public synchronized long framesReceived() {
        return framesReceived;
    }

    /**
     * @param neighbour an address
     * @return true once ARP resolved it
     */
    public synchronized boolean knows(Ipv4Address neighbour) {
        return neighbours.containsKey(neighbour.value() & 0xFFFF_FFFFL);
    }
}
