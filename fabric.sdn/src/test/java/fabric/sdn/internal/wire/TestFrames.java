package fabric.sdn.internal.wire;

import org.agrona.MutableDirectBuffer;

/** Builds well-formed test frames. */
public final class TestFrames {

    public static final long MAC_A = 0x02_00_00_00_00_0AL;
    public static final long MAC_B = 0x02_00_00_00_00_0BL;
    public static final int IP_A = 0x0A00_0001;
    public static final int IP_B = 0x0A00_0002;

    private TestFrames() {
    }

    public static int arpRequest(MutableDirectBuffer b, int at, long senderMac, int senderIp, int targetIp) {
        int p = FrameWriter.ethernet(b, at, FrameWriter.BROADCAST, senderMac, Wire.ETHERTYPE_ARP);
        return FrameWriter.arp(b, p, Wire.ARP_REQUEST, senderMac, senderIp, 0, targetIp) - at;
    }

    public static int icmpEcho(MutableDirectBuffer b, int at, long src, long dst, int srcIp, int dstIp, int type,
            int id, int seq, int payload) {
        int p = FrameWriter.ethernet(b, at, dst, src, Wire.ETHERTYPE_IPV4);
        p = FrameWriter.ipv4(b, p, Wire.ICMP_ECHO_HEADER + payload, Wire.PROTO_ICMP, 64, seq, srcIp, dstIp);
        for (int i = 0; i < payload; i++) {
            b.putByte(p + Wire.ICMP_ECHO_HEADER + i, (byte) i);
        }
        return FrameWriter.icmpEcho(b, p, type, id, seq, payload) - at;
    }

    public static int udp(MutableDirectBuffer b, int at, int pcp, int srcIp, int dstIp, int sport, int dport,
            int payload) {
        int p = pcp < 0 ? FrameWriter.ethernet(b, at, MAC_B, MAC_A, Wire.ETHERTYPE_IPV4)
                : FrameWriter.ethernetTagged(b, at, MAC_B, MAC_A, pcp, 10, Wire.ETHERTYPE_IPV4);
        p = FrameWriter.ipv4(b, p, Wire.UDP_HEADER + payload, Wire.PROTO_UDP, 64, 1, srcIp, dstIp);
        p = FrameWriter.udp(b, p, sport, dport, payload);
        b.setMemory(p, payload, (byte) 0x5A);
        return p + payload - at;
    }

    public static int tcp(MutableDirectBuffer b, int at, int srcIp, int dstIp, int sport, int dport, int flags) {
        int p = FrameWriter.ethernet(b, at, MAC_B, MAC_A, Wire.ETHERTYPE_IPV4);
        p = FrameWriter.ipv4(b, p, Wire.TCP_HEADER, Wire.PROTO_TCP, 64, 1, srcIp, dstIp);
        return FrameWriter.tcp(b, p, sport, dport, 1000, 0, flags) - at;
    }
}
