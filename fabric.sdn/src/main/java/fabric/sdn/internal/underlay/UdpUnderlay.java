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
 * of the payload from the sender's provider address, so hosts always see whole outer frames. One
 * socket per host sends from one port, so the entropy source port of the encapsulation is not on
 * the real datagram.
 */
public final class UdpUnderlay implements Underlay {

    private static final int HEADROOM = Wire.ETH_HEADER + Wire.IPV4_HEADER + Wire.UDP_HEADER;

    private final InetAddress bindAddress;
    private final int bindPort;
    private final List<Host> hosts = new ArrayList<>();
    private final Int2ObjectHashMap<InetSocketAddress> directory = new Int2ObjectHashMap<>();
    private final Long2LongHashMap paBySocket = new Long2LongHashMap(0);
    private final Int2IntHashMap paOfRemoteAddress = new Int2IntHashMap(0);
    private final Int2ObjectHashMap<Host> hostByPa = new Int2ObjectHashMap<>();

    /**
     * @param bindAddress the address every host socket binds (loopback for a one-JVM fabric), or
     *        {@code null} to bind each host to its own provider address (which must be configured on
     *        this machine), as a real VXLAN tunnel endpoint does
     * @param bindPort the port, 0 for an ephemeral port per host ({@link Wire#VXLAN_PORT} to talk to
     *        other VXLAN endpoints)
     */
    public UdpUnderlay(InetAddress bindAddress, int bindPort) {
        this.bindAddress = bindAddress;
        this.bindPort = bindPort;
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
        try {
            DatagramChannel channel = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
            InetAddress address = bindAddress != null ? bindAddress : InetAddress.getByAddress(new byte[] {
                (byte) (providerAddress >>> 24), (byte) (providerAddress >>> 16), (byte) (providerAddress >>> 8),
                (byte) providerAddress});
            channel.bind(new InetSocketAddress(address, bindPort));
            channel.configureBlocking(false);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            Host host = new Host(providerAddress, hostMac, channel, receiver);
            hosts.add(host);
            directory.put(providerAddress, local);
            paBySocket.put(socketKey(local), providerAddress);
            hostByPa.put(providerAddress, host);
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the UDP underlay socket: " + e.getMessage(), e);
        }
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
            try {
                h.channel.close();
            } catch (IOException e) {
                // closing: nothing left to do with a socket that will not close
            }
        }
        hosts.clear();
    }

    private synchronized int providerAddressOf(InetSocketAddress from) {
        int pa = (int) paBySocket.get(socketKey(from));
        return pa != 0 ? pa : paOfRemoteAddress.get(from.getAddress().hashCode());
    }

    private synchronized InetSocketAddress destination(int pa) {
        return directory.get(pa);
    }

    private final class Host implements UnderlayEndpoint {
        final int pa;
        final long mac;
        final DatagramChannel channel;
        final UnderlayReceiver receiver;
        final ByteBuffer tx = ByteBuffer.allocateDirect(Wire.MAX_FRAME + 128);
        final UnsafeBuffer txView = new UnsafeBuffer(tx);
        final ByteBuffer rx = ByteBuffer.allocateDirect(Wire.MAX_FRAME + 128);
        final UnsafeBuffer rxView = new UnsafeBuffer(rx);

        Host(int pa, long mac, DatagramChannel channel, UnderlayReceiver receiver) {
            this.pa = pa;
            this.mac = mac;
            this.channel = channel;
            this.receiver = receiver;
        }

        @Override
        public int providerAddress() {
            return pa;
        }

        @Override
        public synchronized boolean send(DirectBuffer frame, int offset, int length) {
            if (length < HEADROOM - Wire.UDP_HEADER + 8) {
                return false;
            }
            int ip = offset + Wire.ETH_HEADER;
            int protocol = frame.getByte(ip + 9) & 0xFF;
            int dstPa = frame.getInt(ip + 16, BIG_ENDIAN);
            int payload;
            if (protocol == Wire.PROTO_UDP) {
                payload = ip + Wire.IPV4_HEADER + Wire.UDP_HEADER;
            } else if (protocol == Wire.PROTO_GRE) {
                payload = ip + Wire.IPV4_HEADER;
            } else {
                return false;
            }
            InetSocketAddress to = destination(dstPa);
            int payloadLength = offset + length - payload;
            if (to == null || payloadLength <= 0) {
                return false;
            }
            txView.putBytes(0, frame, payload, payloadLength);
            tx.clear().limit(payloadLength);
            try {
                return channel.send(tx, to) > 0;
            } catch (IOException e) {
                return false;
            }
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
