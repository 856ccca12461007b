package fabric.sdn.internal.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Writes protocol headers into a buffer, in network byte order, with correct lengths and checksums.
 * Each method returns the offset just past what it wrote. The caller guarantees room; nothing
 * allocates.
 */
public final class FrameWriter {

    /** The broadcast MAC address. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private FrameWriter() {
    }

    /**
     * @param b the buffer
     * @param at where the header starts
     * @param dst destination MAC
     * @param src source MAC
     * @param etherType the payload's EtherType
     * @return the offset after the header
     */
    public static int ethernet(MutableDirectBuffer b, int at, long dst, long src, int etherType) {
        putMac(b, at, dst);
        putMac(b, at + 6, src);
        b.putShort(at + 12, (short) etherType, BIG_ENDIAN);
        return at + Wire.ETH_HEADER;
    }

    /**
     * An Ethernet header with an 802.1Q tag.
     *
     * @param b the buffer
     * @param at where the header starts
     * @param dst destination MAC
     * @param src source MAC
     * @param pcp 802.1p priority, 0-7
     * @param vlanId VLAN id, 0-4095
     * @param etherType the payload's EtherType
     * @return the offset after the header and tag
     */
    public static int ethernetTagged(MutableDirectBuffer b, int at, long dst, long src, int pcp, int vlanId,
            int etherType) {
        putMac(b, at, dst);
        putMac(b, at + 6, src);
        b.putShort(at + 12, (short) Wire.ETHERTYPE_VLAN, BIG_ENDIAN);
        b.putShort(at + 14, (short) ((pcp & 7) << 13 | (vlanId & 0xFFF)), BIG_ENDIAN);
        b.putShort(at + 16, (short) etherType, BIG_ENDIAN);
        return at + Wire.ETH_HEADER + Wire.VLAN_TAG;
    }

    /**
     * An Ethernet/IPv4 ARP packet.
     *
     * @param b the buffer
     * @param at where the ARP packet starts
     * @param op {@link Wire#ARP_REQUEST} or {@link Wire#ARP_REPLY}
     * @param senderMac sender hardware address
     * @param senderIp sender protocol address
     * @param targetMac target hardware address (0 in a request)
     * @param targetIp target protocol address
     * @return the offset after the packet
     */
    public static int arp(MutableDirectBuffer b, int at, int op, long senderMac, int senderIp, long targetMac,
            int targetIp) {
        b.putShort(at, (short) 1, BIG_ENDIAN);
        b.putShort(at + 2, (short) Wire.ETHERTYPE_IPV4, BIG_ENDIAN);
        b.putByte(at + 4, (byte) 6);
        b.putByte(at + 5, (byte) 4);
        b.putShort(at + 6, (short) op, BIG_ENDIAN);
        putMac(b, at + 8, senderMac);
        b.putInt(at + 14, senderIp, BIG_ENDIAN);
        putMac(b, at + 18, targetMac);
        b.putInt(at + 24, targetIp, BIG_ENDIAN);
        return at + Wire.ARP_LENGTH;
    }

    /**
     * An IPv4 header without options, with its checksum; don't-fragment set.
     *
     * @param b the buffer
     * @param at where the header starts
     * @param payloadLength bytes after the header
     * @param protocol the IP protocol number
     * @param ttl time to live
     * @param id identification
     * @param src source address
     * @param dst destination address
     * @return the offset after the header
     */
    public static int ipv4(MutableDirectBuffer b, int at, int payloadLength, int protocol, int ttl, int id, int src,
            int dst) {
        b.putByte(at, (byte) 0x45);
        b.putByte(at + 1, (byte) 0);
        b.putShort(at + 2, (short) (Wire.IPV4_HEADER + payloadLength), BIG_ENDIAN);
        b.putShort(at + 4, (short) id, BIG_ENDIAN);
        b.putShort(at + 6, (short) 0x4000, BIG_ENDIAN);
        b.putByte(at + 8, (byte) ttl);
        b.putByte(at + 9, (byte) protocol);
        b.putShort(at + 10, (short) 0, BIG_ENDIAN);
        b.putInt(at + 12, src, BIG_ENDIAN);
        b.putInt(at + 16, dst, BIG_ENDIAN);
        b.putShort(at + 10, (short) Checksum.of(b, at, Wire.IPV4_HEADER), BIG_ENDIAN);
        return at + Wire.IPV4_HEADER;
    }

    /**
     * An ICMP echo request or reply whose payload is already in place after the header; the
     * checksum covers header and payload.
     *
     * @param b the buffer
     * @param at where the ICMP header starts
     * @param type {@link Wire#ICMP_ECHO_REQUEST} or {@link Wire#ICMP_ECHO_REPLY}
     * @param id echo identifier
     * @param seq echo sequence number
     * @param payloadLength bytes of payload after the header
     * @return the offset after header and payload
     */
    public static int icmpEcho(MutableDirectBuffer b, int at, int type, int id, int seq, int payloadLength) {
        b.putByte(at, (byte) type);
        b.putByte(at + 1, (byte) 0);
        b.putShort(at + 2, (short) 0, BIG_ENDIAN);
        b.putShort(at + 4, (short) id, BIG_ENDIAN);
        b.putShort(at + 6, (short) seq, BIG_ENDIAN);
        int len = Wire.ICMP_ECHO_HEADER + payloadLength;
        b.putShort(at + 2, (short) Checksum.of(b, at, len), BIG_ENDIAN);
        return at + len;
    }

    /**
     * A UDP header with checksum 0 (none), as VXLAN over IPv4 allows (RFC 7348 section 5).
     *
     * @param b the buffer
     * @param at where the header starts
     * @param srcPort source port
     * @param dstPort destination port
     * @param payloadLength bytes after the header
     * @return the offset after the header
     */
    public static int udp(MutableDirectBuffer b, int at, int srcPort, int dstPort, int payloadLength) {
        b.putShort(at, (short) srcPort, BIG_ENDIAN);
        b.putShort(at + 2, (short) dstPort, BIG_ENDIAN);
        b.putShort(at + 4, (short) (Wire.UDP_HEADER + payloadLength), BIG_ENDIAN);
        b.putShort(at + 6, (short) 0, BIG_ENDIAN);
        return at + Wire.UDP_HEADER;
    }

    /**
     * A TCP header without options; checksum left 0 (the fabric's paths do not verify it).
     *
     * @param b the buffer
     * @param at where the header starts
     * @param srcPort source port
     * @param dstPort destination port
     * @param seq sequence number
     * @param ack acknowledgement number
     * @param flags the flags byte
     * @return the offset after the header
     */
    public static int tcp(MutableDirectBuffer b, int at, int srcPort, int dstPort, int seq, int ack, int flags) {
        b.putShort(at, (short) srcPort, BIG_ENDIAN);
        b.putShort(at + 2, (short) dstPort, BIG_ENDIAN);
        b.putInt(at + 4, seq, BIG_ENDIAN);
        b.putInt(at + 8, ack, BIG_ENDIAN);
        b.putByte(at + 12, (byte) 0x50);
        b.putByte(at + 13, (byte) flags);
        b.putShort(at + 14, (short) 0xFFFF, BIG_ENDIAN);
        b.putInt(at + 16, 0, BIG_ENDIAN);
        return at + Wire.TCP_HEADER;
    }

    /**
     * A VXLAN header: I flag set, the VNI, reserved bits zero (RFC 7348 section 5).
     *
     * @param b the buffer
     * @param at where the header starts
     * @param vni the 24-bit VXLAN network identifier
     * @return the offset after the header
     */
    public static int vxlan(MutableDirectBuffer b, int at, int vni) {
        b.putInt(at, 0x0800_0000, BIG_ENDIAN);
        b.putInt(at + 4, vni << 8, BIG_ENDIAN);
        return at + Wire.VXLAN_HEADER;
    }

    /**
     * An NVGRE header: GRE with the key present, protocol 0x6558, key = VSID and FlowID (RFC 7637).
     *
     * @param b the buffer
     * @param at where the header starts
     * @param vsid the 24-bit virtual subnet id
     * @param flowId 8 bits of per-flow entropy
     * @return the offset after the header
     */
    public static int nvgre(MutableDirectBuffer b, int at, int vsid, int flowId) {
        b.putShort(at, (short) 0x2000, BIG_ENDIAN);
        b.putShort(at + 2, (short) Wire.ETHERTYPE_TEB, BIG_ENDIAN);
        b.putInt(at + 4, vsid << 8 | (flowId & 0xFF), BIG_ENDIAN);
        return at + Wire.NVGRE_HEADER;
    }

    /**
     * @param b the buffer
     * @param at first of six bytes
     * @param mac the address in the low 48 bits
     */
    public static void putMac(MutableDirectBuffer b, int at, long mac) {
        b.putShort(at, (short) (mac >>> 32), BIG_ENDIAN);
        b.putInt(at + 2, (int) mac, BIG_ENDIAN);
    }
}
