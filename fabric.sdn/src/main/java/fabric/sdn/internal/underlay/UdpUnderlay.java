package fabric.sdn.internal.underlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import fabric.sdn.internal.wire.FrameWriter;
import fabric.sdn.internal.wire.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The underlay as real UDP: every host gets its own datagram socket (on the loopback address by
 * default), and an encapsulated frame leaves as a real datagram whose payload is the VXLAN header and
 * the inner frame, exactly what a VXLAN tunnel endpoint sends to UDP port 4789. NVGRE frames travel
 * as GRE-in-UDP (RFC 8086: the GRE header and inner frame as the datagram's payload); a receiver
 * tells them apart by the first byte (VXLAN flags 0x08, GRE flags 0x20).
 *
 * <p>The kernel owns the outer Ethernet, IPv4 and UDP headers; on receipt they are rebuilt in front
 * of the payload from the sender's provider address (and the datagram's real source port), so hosts
 * always see whole outer frames.
 *
 * <p>ECMP entropy (RFC 7348 section 5): a socket's datagrams all carry its one source port, so each
 * host also has a small pool of send sockets bound to ephemeral ports of its address, and a frame
 * leaves by the pool socket that the encapsulation's entropy source port (VXLAN; the FlowID of an
 * NVGRE key) selects: every datagram of an inner flow has the same real source port, and different
 * flows spread over the pool's ports, which is what an underlay's ECMP hashes. The host's main
 * socket (the one other hosts send to) receives; datagrams from any of a host's sockets are known
 * as that host's.
 *
 * <p>Each NIC of a host's team ({@link #attachNic}) gets a pool of send sockets of its own, so what
 * a NIC sends leaves from its own source ports; the host's main socket receives for all of them.
 */
public final class UdpUnderlay implements Underlay {

    private static final int HEADROOM = Wire.ETH_HEADER + Wire.IPV4_HEADER + Wire.UDP_HEADER;
    /** Send sockets per host by default: eight source ports of entropy. */
    public static final int DEFAULT_SOURCE_PORTS = 8;
    /** The most send sockets a host may have. */
    public static final int MAX_SOURCE_PORTS = 64;

    private final InetAddress bindAddress;
    private final int bindPort;
    private final int sourcePorts;
    private final List<Host> hosts = new ArrayList<>();
    private final Int2ObjectHashMap<InetSocketAddress> directory = new Int2ObjectHashMap<>();
    private final Long2LongHashMap paBySocket = new Long2LongHashMap(0);
    private final Int2IntHashMap paOfRemoteAddress = new Int2IntHashMap(0);
    private final Int2ObjectHashMap<Host> hostByPa = new Int2ObjectHashMap<>();
    private final List<Sender> nicSenders = new ArrayList<>();

    /**
     * @param bindAddress the address every host socket binds (loopback for a one-JVM fabric), or
     *        {@code null} to bind each host to its own provider address (which must be configured on
     *        this machine), as a real VXLAN tunnel endpoint does
     * @param bindPort the port, 0 for an ephemeral port per host ({@link Wire#VXLAN_PORT} to talk to
     *        other VXLAN endpoints)
     */
    public UdpUnderlay(InetAddress bindAddress, int bindPort) {
        this(bindAddress, bindPort, DEFAULT_SOURCE_PORTS);
    }

    /**
     * @param bindAddress as {@link #UdpUnderlay(InetAddress, int)}
     * @param bindPort as {@link #UdpUnderlay(InetAddress, int)}
     * @param sourcePorts send sockets per host, 1-{@value #MAX_SOURCE_PORTS}: the distinct outer
     *        source ports its flows spread over (1: every datagram from the main socket's port)
     */
    public UdpUnderlay(InetAddress bindAddress, int bindPort, int sourcePorts) {
        if (sourcePorts < 1 || sourcePorts > MAX_SOURCE_PORTS) {
            throw new IllegalArgumentException("sourcePorts " + sourcePorts + " is not 1-" + MAX_SOURCE_PORTS);
        }
        this.bindAddress = bindAddress;
        this.bindPort = bindPort;
        this.sourcePorts = sourcePorts;
    }

    /**
     * Registers a VXLAN tunnel endpoint outside the fabric (a Linux VXLAN device, a hardware VTEP):
     * datagrams to its provider address go to {@code endpoint}, and datagrams from its address (any
     * source port: VTEPs vary it per flow) are taken as coming from that provider address.
     *
     * @param providerAddress its provider address
     * @param endpoint where its VXLAN datagrams go, usually its address and port 4789
     */
    public synchronized void addRemoteEndpoint(int providerAddress, InetSocketAddress endpoint) {
        directory.put(providerAddress, endpoint);
        paOfRemoteAddress.put(endpoint.getAddress().hashCode(), providerAddress);
    }

    private static long socketKey(InetSocketAddress a) {
        // Inet4Address.hashCode() is the address itself.
        return (long) a.getAddress().hashCode() << 16 | a.getPort();
    }

    /** @return an underlay on the loopback address with ephemeral ports */
    public static UdpUnderlay loopback() {
        return new UdpUnderlay(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public synchronized UnderlayEndpoint attach(int providerAddress, long hostMac, UnderlayReceiver receiver) {
        List<DatagramChannel> opened = new ArrayList<>();
        try {
            InetAddress address = bindAddress != null ? bindAddress : InetAddress.getByAddress(new byte[] {
                (byte) (providerAddress >>> 24), (byte) (providerAddress >>> 16), (byte) (providerAddress >>> 8),
                (byte) providerAddress});
            DatagramChannel channel = open(new InetSocketAddress(address, bindPort), opened);
            // With one source port the main socket sends too; otherwise a pool of ephemeral ports does.
            DatagramChannel[] senders = new DatagramChannel[sourcePorts];
            senders[0] = sourcePorts == 1 ? channel : open(new InetSocketAddress(address, 0), opened);
            for (int i = 1; i < sourcePorts; i++) {
                senders[i] = open(new InetSocketAddress(address, 0), opened);
            }
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            Host host = new Host(providerAddress, hostMac, channel, senders, receiver);
            hosts.add(host);
            directory.put(providerAddress, local);
            for (DatagramChannel c : opened) {
                paBySocket.put(socketKey((InetSocketAddress) c.getLocalAddress()), providerAddress);
            }
            hostByPa.put(providerAddress, host);
            return host;
        } catch (IOException e) {
            for (DatagramChannel c : opened) {
                closeQuietly(c);
            }
            throw new UncheckedIOException("cannot open the UDP underlay socket: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized UnderlayEndpoint attachNic(int providerAddress, long hostMac, String nic,
            UnderlayReceiver receiver) {
        Host host = hostByPa.get(providerAddress);
        if (host == null) {
            throw new IllegalArgumentException("no host at " + Wire.ipToString(providerAddress));
        }
        for (Sender s : nicSenders) {
            if (s.pa == providerAddress && nic.equals(s.nic)) {
                throw new IllegalArgumentException("NIC " + nic + " of " + Wire.ipToString(providerAddress)
                        + " is attached already");
            }
        }
        List<DatagramChannel> opened = new ArrayList<>();
        try {
            InetAddress address = ((InetSocketAddress) host.channel.getLocalAddress()).getAddress();
            DatagramChannel[] senders = new DatagramChannel[sourcePorts];
            for (int i = 0; i < sourcePorts; i++) {
                senders[i] = open(new InetSocketAddress(address, 0), opened);
            }
            for (DatagramChannel c : opened) {
                paBySocket.put(socketKey((InetSocketAddress) c.getLocalAddress()), providerAddress);
            }
            Sender s = new Sender(providerAddress, nic, senders);
            nicSenders.add(s);
            return s;
        } catch (IOException e) {
            for (DatagramChannel c : opened) {
                closeQuietly(c);
            }
            throw new UncheckedIOException("cannot open the UDP sockets of NIC " + nic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fault injection: a NIC's sockets stop sending (its frames are lost) and its carrier is down,
     * as if its cable were pulled; or they send again.
     */
    @Override
    public synchronized void link(int providerAddress, String nic, boolean up) {
        for (Sender s : nicSenders) {
            if (s.pa == providerAddress && nic.equals(s.nic)) {
                s.up = up;
                return;
            }
        }
        throw new IllegalArgumentException("no NIC " + nic + " at " + Wire.ipToString(providerAddress));
    }

    private static DatagramChannel open(InetSocketAddress at, List<DatagramChannel> opened) throws IOException {
        DatagramChannel channel = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
        opened.add(channel);
        channel.bind(at);
        channel.configureBlocking(false);
        return channel;
    }

    private static void closeQuietly(DatagramChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing: nothing left to do with a socket that will not close
        }
    }

    /**
     * @param providerAddress a host's provider address
     * @return the local ports its frames leave from, in pool order (empty for an unknown host)
     */
    public synchronized List<Integer> sourcePorts(int providerAddress) {
        Host h = hostByPa.get(providerAddress);
        List<Integer> ports = new ArrayList<>();
        if (h != null) {
            for (DatagramChannel c : h.senders) {
                try {
                    ports.add(((InetSocketAddress) c.getLocalAddress()).getPort());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return ports;
    }

    /**
     * @param providerAddress a host's provider address
     * @return the socket address its datagrams go to, or null
     */
    public synchronized InetSocketAddress socketAddress(int providerAddress) {
        return directory.get(providerAddress);
    }

    @Override
    public int poll() {
        Host[] snapshot;
        synchronized (this) {
            snapshot = hosts.toArray(new Host[0]);
        }
        int delivered = 0;
        for (Host h : snapshot) {
            delivered += h.receive();
        }
        return delivered;
    }

    @Override
    public synchronized void close() {
        for (Host h : hosts) {
            closeQuietly(h.channel);
            for (DatagramChannel c : h.senders) {
                closeQuietly(c);
            }
        }
        for (Sender s : nicSenders) {
            for (DatagramChannel c : s.senders) {
                closeQuietly(c);
            }
        }
        hosts.clear();
        nicSenders.clear();
    }

    private synchronized int providerAddressOf(InetSocketAddress from) {
        int pa = (int) paBySocket.get(socketKey(from));
        return pa != 0 ? pa : paOfRemoteAddress.get(from.getAddress().hashCode());
    }

    private synchronized InetSocketAddress destination(int pa) {
        return directory.get(pa);
    }

    /** A pool of send sockets of one host: its own, or one NIC's. */
    private class Sender implements UnderlayEndpoint {
        final int pa;
        /** The NIC these sockets serve, or null for the host's own. */
        final String nic;
        final DatagramChannel[] senders;
        /** Fault injection: a NIC whose link is down sends nothing and reports no carrier. */
        volatile boolean up = true;
        /** Sending and receiving have their own locks: a receiver may answer from inside its call. */
        private final Object txLock = new Object();
        final ByteBuffer tx = ByteBuffer.allocateDirect(Wire.MAX_FRAME + 128);
        final UnsafeBuffer txView = new UnsafeBuffer(tx);

        Sender(int pa, String nic, DatagramChannel[] senders) {
            this.pa = pa;
            this.nic = nic;
            this.senders = senders;
        }

        @Override
        public int providerAddress() {
            return pa;
        }

        @Override
        public boolean linkUp() {
            return up;
        }

        @Override
        public boolean send(DirectBuffer frame, int offset, int length) {
            if (!up || length < HEADROOM - Wire.UDP_HEADER + 8) {
                return false;
            }
            int ip = offset + Wire.ETH_HEADER;
            int protocol = frame.getByte(ip + 9) & 0xFF;
            int dstPa = frame.getInt(ip + 16, BIG_ENDIAN);
            int payload;
            int entropy;
            if (protocol == Wire.PROTO_UDP) {
                payload = ip + Wire.IPV4_HEADER + Wire.UDP_HEADER;
                entropy = frame.getShort(ip + Wire.IPV4_HEADER, BIG_ENDIAN) & 0xFFFF;
            } else if (protocol == Wire.PROTO_GRE) {
                payload = ip + Wire.IPV4_HEADER;
                entropy = length >= HEADROOM ? frame.getByte(ip + Wire.IPV4_HEADER + 7) & 0xFF : 0;
            } else {
                return false;
            }
            InetSocketAddress to = destination(dstPa);
            int payloadLength = offset + length - payload;
            if (to == null || payloadLength <= 0) {
                return false;
            }
            synchronized (txLock) {
                txView.putBytes(0, frame, payload, payloadLength);
                tx.clear().limit(payloadLength);
                try {
                    return senders[entropy % senders.length].send(tx, to) > 0;
                } catch (IOException e) {
                    return false;
                }
            }
        }
    }

    private final class Host extends Sender {
        final long mac;
        final DatagramChannel channel;
        final UnderlayReceiver receiver;
        final ByteBuffer rx = ByteBuffer.allocateDirect(Wire.MAX_FRAME + 128);
        final UnsafeBuffer rxView = new UnsafeBuffer(rx);

        Host(int pa, long mac, DatagramChannel channel, DatagramChannel[] senders, UnderlayReceiver receiver) {
            super(pa, null, senders);
            this.mac = mac;
            this.channel = channel;
            this.receiver = receiver;
        }

        synchronized int receive() {
            int delivered = 0;
            while (true) {
                rx.clear().position(HEADROOM);
                SocketAddress from;
                try {
                    from = channel.receive(rx);
                } catch (IOException e) {
                    return delivered;
                }
                if (from == null) {
                    return delivered;
                }
                int payloadLength = rx.position() - HEADROOM;
                int srcPa = providerAddressOf((InetSocketAddress) from);
                if (payloadLength <= 0 || srcPa == 0) {
                    continue;
                }
                int start = rebuildOuterHeaders(srcPa, ((InetSocketAddress) from).getPort(), payloadLength);
                receiver.onFrame(rxView, start, rx.position() - start);
                delivered++;
            }
        }

        /** Writes Ethernet, IPv4 (and UDP for VXLAN) in front of the payload; returns the frame's first byte. */
        private int rebuildOuterHeaders(int srcPa, int srcPort, int payloadLength) {
            boolean gre = (rxView.getByte(HEADROOM) & 0xFF) == 0x20;
            int start = gre ? Wire.UDP_HEADER : 0;
            int at = FrameWriter.ethernet(rxView, start, mac, srcMacOf(srcPa), Wire.ETHERTYPE_IPV4);
            if (gre) {
                FrameWriter.ipv4(rxView, at, payloadLength, Wire.PROTO_GRE, 64, 0, srcPa, pa);
            } else {
                at = FrameWriter.ipv4(rxView, at, Wire.UDP_HEADER + payloadLength, Wire.PROTO_UDP, 64, 0, srcPa, pa);
                FrameWriter.udp(rxView, at, srcPort, Wire.VXLAN_PORT, payloadLength);
            }
            return start;
        }

        private long srcMacOf(int srcPa) {
            Host h;
            synchronized (UdpUnderlay.this) {
                h = hostByPa.get(srcPa);
            }
            return h == null ? 0 : h.mac;
        }
    }
}
