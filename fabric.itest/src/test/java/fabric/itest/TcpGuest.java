package fabric.itest;

import fabric.api.network.FrameSink;
import fabric.api.network.Ipv4Address;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A guest's vNIC as small as a test needs, written against the API only: it resolves neighbours by
 * ARP, opens TCP connections (sends SYN), answers a SYN on a listening port with SYN-ACK (a closed
 * port with RST), and records every TCP segment it receives. Frames are built byte by byte with
 * correct IPv4 and TCP checksums.
 */
final class TcpGuest implements FrameSink {

    private static final int ETH = 14;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    /** A received TCP segment. */
    record Segment(Ipv4Address from, int fromPort, int toPort, int flags) {
        boolean synAck() {
            return (flags & (SYN | ACK)) == (SYN | ACK);
        }
    }

    private final long mac;
    private final int ip;
    private final Set<Integer> listening = new HashSet<>();
    private final Map<Integer, Long> neighbours = new HashMap<>();
    private final List<Segment> segments = new ArrayList<>();
    private volatile VPort port;

    TcpGuest(MacAddress mac, Ipv4Address ip) {
        this.mac = mac.value();
        this.ip = ip.value();
    }

    void bind(VPort p) {
        this.port = p;
    }

    synchronized void listen(int tcpPort) {
        listening.add(tcpPort);
    }

    synchronized void close(int tcpPort) {
        listening.remove(tcpPort);
    }

    synchronized List<Segment> segments() {
        return List.copyOf(segments);
    }

    synchronized Long neighbour(Ipv4Address address) {
        return neighbours.get(address.value());
    }

    /** Sends an ARP request for an address; the fabric answers from its mapping table. */
    boolean arp(Ipv4Address target) {
        ByteBuffer f = ByteBuffer.allocate(ETH + 28).order(ByteOrder.BIG_ENDIAN);
        putMac(f, 0, 0xFFFF_FFFF_FFFFL);
        putMac(f, 6, mac);
        f.putShort(12, (short) 0x0806);
        f.putShort(ETH, (short) 1).putShort(ETH + 2, (short) 0x0800).put(ETH + 4, (byte) 6).put(ETH + 5, (byte) 4)
                .putShort(ETH + 6, (short) 1);
        putMac(f, ETH + 8, mac);
        f.putInt(ETH + 14, ip);
        f.putInt(ETH + 24, target.value());
        return port.send(f);
    }

    /** Sends a SYN to a resolved neighbour. */
    boolean connect(Ipv4Address to, int srcPort, int dstPort) {
        Long toMac = neighbour(to);
        if (toMac == null) {
            throw new IllegalStateException(to + " is not resolved");
        }
        return port.send(tcp(toMac, to.value(), srcPort, dstPort, 1000, 0, SYN));
    }

    @Override
    public void receive(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        int b = in.position();
        int len = in.remaining();
        ByteBuffer reply = null;
        synchronized (this) {
            if (len < ETH + 28) {
                return;
            }
            int type = in.getShort(b + 12) & 0xFFFF;
            if (type == 0x0806) {
                if (in.getShort(b + ETH + 6) == 2) {
                    neighbours.put(in.getInt(b + ETH + 14), mac(in, b + ETH + 8));
                }
                return;
            }
            int ihl = (in.get(b + ETH) & 0x0F) * 4;
            if (type != 0x0800 || in.get(b + ETH + 9) != 6 || in.getInt(b + ETH + 16) != ip || len < ETH + ihl + 20) {
                return;
            }
            int t = b + ETH + ihl;
            int from = in.getInt(b + ETH + 12);
            int srcPort = in.getShort(t) & 0xFFFF;
            int dstPort = in.getShort(t + 2) & 0xFFFF;
            int flags = in.get(t + 13) & 0x3F;
            segments.add(new Segment(new Ipv4Address(from), srcPort, dstPort, flags));
            if ((flags & SYN) != 0 && (flags & ACK) == 0) {
                int seq = in.getInt(t + 4);
                reply = tcp(mac(in, b + 6), from, dstPort, srcPort, 7000, seq + 1,
                        listening.contains(dstPort) ? SYN | ACK : RST | ACK);
            }
        }
        if (reply != null) {
            port.send(reply);
        }
    }

    private ByteBuffer tcp(long toMac, int toIp, int srcPort, int dstPort, int seq, int ack, int flags) {
        ByteBuffer f = ByteBuffer.allocate(ETH + 40).order(ByteOrder.BIG_ENDIAN);
        putMac(f, 0, toMac);
        putMac(f, 6, mac);
        f.putShort(12, (short) 0x0800);
        f.put(ETH, (byte) 0x45).putShort(ETH + 2, (short) 40).put(ETH + 8, (byte) 64).put(ETH + 9, (byte) 6)
                .putInt(ETH + 12, ip).putInt(ETH + 16, toIp);
        f.putShort(ETH + 10, checksum(f, ETH, 20, 0));
        int t = ETH + 20;
        f.putShort(t, (short) srcPort).putShort(t + 2, (short) dstPort).putInt(t + 4, seq).putInt(t + 8, ack)
                .put(t + 12, (byte) 0x50).put(t + 13, (byte) flags).putShort(t + 14, (short) 65535);
        long pseudo = (ip >>> 16) + (ip & 0xFFFF) + (toIp >>> 16) + (toIp & 0xFFFF) + 6 + 20;
        f.putShort(t + 16, checksum(f, t, 20, pseudo));
        return f;
    }

    private static short checksum(ByteBuffer b, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += b.getShort(offset + i) & 0xFFFF;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short) ~sum;
    }

    private static void putMac(ByteBuffer b, int at, long mac) {
        for (int i = 0; i < 6; i++) {
            b.put(at + i, (byte) (mac >>> (40 - 8 * i)));
        }
    }

    private static long mac(ByteBuffer b, int at) {
        long m = 0;
        for (int i = 0; i < 6; i++) {
            m = m << 8 | (b.get(at + i) & 0xFF);
        }
        return m;
    }
}
