package fabric.sdn.internal.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;

/**
 * Parses Ethernet (with an optional 802.1Q tag), ARP, IPv4, ICMP echo, UDP and TCP headers, and
 * the VXLAN and NVGRE encapsulations, from a buffer into a reused {@link Packet}. Every bound is
 * checked before it is read: a malformed, truncated or oversized frame yields a {@link Drop}
 * reason, which is also counted; nothing throws and nothing allocates.
 *
 * <p>Not thread-safe: one parser per data-path thread.
 */
public final class PacketParser {

    private final DropCounters drops;
    private final int maxFrame;

    /**
     * @param drops where drops are counted
     * @param maxFrame the largest frame accepted; longer ones are {@link Drop#OVERSIZED}
     */
    public PacketParser(DropCounters drops, int maxFrame) {
        this.drops = drops;
        this.maxFrame = maxFrame;
    }

    /** @return the counters this parser counts drops in */
    public DropCounters drops() {
        return drops;
    }

    /**
     * Parses one Ethernet frame.
     *
     * @param buffer the bytes
     * @param offset the first byte of the frame
     * @param length the bytes of the frame; must lie within the buffer's capacity
     * @param p where the fields go
     * @return {@code null} when the frame is well formed, else why it was dropped (already counted)
     */
    public Drop parse(DirectBuffer buffer, int offset, int length, Packet p) {
        Drop d = parseFrame(buffer, offset, length, p);
        if (d != null) {
            drops.count(d);
        }
        return d;
    }

    private Drop parseFrame(DirectBuffer b, int off, int len, Packet p) {
        p.reset(off, len);
        if (len < Wire.ETH_HEADER || off < 0 || off + len > b.capacity()) {
            return Drop.TRUNCATED_ETHERNET;
        }
        if (len > maxFrame) {
            return Drop.OVERSIZED;
        }
        p.dstMac = mac(b, off);
        p.srcMac = mac(b, off + 6);
        int type = b.getShort(off + 12, BIG_ENDIAN) & 0xFFFF;
        int l3 = off + Wire.ETH_HEADER;
        if (type == Wire.ETHERTYPE_VLAN) {
            if (len < Wire.ETH_HEADER + Wire.VLAN_TAG) {
                return Drop.TRUNCATED_ETHERNET;
            }
            int tci = b.getShort(off + 14, BIG_ENDIAN) & 0xFFFF;
            p.pcp = tci >>> 13;
            p.vlanId = tci & 0xFFF;
            type = b.getShort(off + 16, BIG_ENDIAN) & 0xFFFF;
            l3 += Wire.VLAN_TAG;
        }
        p.etherType = type;
        p.l3Offset = l3;
        int remaining = off + len - l3;
        if (type == Wire.ETHERTYPE_ARP) {
            return arp(b, l3, remaining, p);
        }
        if (type == Wire.ETHERTYPE_IPV4) {
            return ipv4(b, l3, remaining, p);
        }
        return null;
    }

    private static Drop arp(DirectBuffer b, int at, int remaining, Packet p) {
        if (remaining < Wire.ARP_LENGTH) {
            return Drop.TRUNCATED_ARP;
        }
        int htype = b.getShort(at, BIG_ENDIAN) & 0xFFFF;
        int ptype = b.getShort(at + 2, BIG_ENDIAN) & 0xFFFF;
        int hlen = b.getByte(at + 4) & 0xFF;
        int plen = b.getByte(at + 5) & 0xFF;
        int op = b.getShort(at + 6, BIG_ENDIAN) & 0xFFFF;
        if (htype != 1 || ptype != Wire.ETHERTYPE_IPV4 || hlen != 6 || plen != 4
                || (op != Wire.ARP_REQUEST && op != Wire.ARP_REPLY)) {
            return Drop.BAD_ARP;
        }
        p.arpOp = op;
        p.arpSenderMac = mac(b, at + 8);
        p.arpSenderIp = b.getInt(at + 14, BIG_ENDIAN);
        p.arpTargetMac = mac(b, at + 18);
        p.arpTargetIp = b.getInt(at + 24, BIG_ENDIAN);
        return null;
    }

    private static Drop ipv4(DirectBuffer b, int at, int remaining, Packet p) {
        if (remaining < Wire.IPV4_HEADER) {
            return Drop.TRUNCATED_IPV4;
        }
        int vihl = b.getByte(at) & 0xFF;
        int ihl = (vihl & 0xF) * 4;
        if ((vihl >>> 4) != 4 || ihl < Wire.IPV4_HEADER) {
            return Drop.BAD_IPV4_HEADER;
        }
        if (remaining < ihl) {
            return Drop.TRUNCATED_IPV4;
        }
        int total = b.getShort(at + 2, BIG_ENDIAN) & 0xFFFF;
        if (total < ihl || total > remaining) {
            return Drop.BAD_IPV4_LENGTH;
        }
        if (Checksum.of(b, at, ihl) != 0) {
            return Drop.BAD_IPV4_CHECKSUM;
        }
        int fragment = b.getShort(at + 6, BIG_ENDIAN) & 0x1FFF;
        p.ipTotalLength = total;
        p.ttl = b.getByte(at + 8) & 0xFF;
        p.protocol = b.getByte(at + 9) & 0xFF;
        p.srcIp = b.getInt(at + 12, BIG_ENDIAN);
        p.dstIp = b.getInt(at + 16, BIG_ENDIAN);
        p.l4Offset = at + ihl;
        p.l4Length = total - ihl;
        if (fragment != 0) {
            p.laterFragment = true;
            p.hash = p.flowHash();
            return null;
        }
        Drop d = transport(b, p.l4Offset, p.l4Length, p);
        p.hash = p.flowHash();
        return d;
    }

    private static Drop transport(DirectBuffer b, int at, int len, Packet p) {
        switch (p.protocol) {
            case Wire.PROTO_ICMP:
                if (len < Wire.ICMP_ECHO_HEADER) {
                    return Drop.TRUNCATED_ICMP;
                }
                p.icmpType = b.getByte(at) & 0xFF;
                p.icmpCode = b.getByte(at + 1) & 0xFF;
                p.icmpId = b.getShort(at + 4, BIG_ENDIAN) & 0xFFFF;
                p.icmpSeq = b.getShort(at + 6, BIG_ENDIAN) & 0xFFFF;
                p.payloadOffset = at + Wire.ICMP_ECHO_HEADER;
                p.payloadLength = len - Wire.ICMP_ECHO_HEADER;
                return null;
            case Wire.PROTO_UDP: {
                if (len < Wire.UDP_HEADER) {
                    return Drop.BAD_UDP;
                }
                int udpLength = b.getShort(at + 4, BIG_ENDIAN) & 0xFFFF;
                if (udpLength < Wire.UDP_HEADER || udpLength > len) {
                    return Drop.BAD_UDP;
                }
                p.srcPort = b.getShort(at, BIG_ENDIAN) & 0xFFFF;
                p.dstPort = b.getShort(at + 2, BIG_ENDIAN) & 0xFFFF;
                p.payloadOffset = at + Wire.UDP_HEADER;
                p.payloadLength = udpLength - Wire.UDP_HEADER;
                return null;
            }
            case Wire.PROTO_TCP: {
                if (len < Wire.TCP_HEADER) {
                    return Drop.BAD_TCP;
                }
                int dataOffset = ((b.getByte(at + 12) & 0xFF) >>> 4) * 4;
                if (dataOffset < Wire.TCP_HEADER || dataOffset > len) {
                    return Drop.BAD_TCP;
                }
                p.srcPort = b.getShort(at, BIG_ENDIAN) & 0xFFFF;
                p.dstPort = b.getShort(at + 2, BIG_ENDIAN) & 0xFFFF;
                p.tcpFlags = b.getByte(at + 13) & 0xFF;
                p.payloadOffset = at + dataOffset;
                p.payloadLength = len - dataOffset;
                return null;
            }
            default:
                return null;
        }
    }

    /**
     * Parses a VXLAN header and its inner frame, as a UDP socket delivers them (the kernel has
     * stripped the outer Ethernet, IPv4 and UDP headers).
     *
     * @param buffer the bytes
     * @param offset the VXLAN header's first byte
     * @param length VXLAN header plus inner frame
     * @param inner where the inner frame's fields go
     * @return the VNI (0 to 2^24-1), or -1 when dropped (counted)
     */
    public int parseVxlanPayload(DirectBuffer buffer, int offset, int length, Packet inner) {
        if (length < Wire.VXLAN_HEADER || offset < 0 || offset + length > buffer.capacity()
                || (buffer.getByte(offset) & 0x08) == 0) {
            drops.count(Drop.BAD_VXLAN);
            return -1;
        }
        int vni = buffer.getInt(offset + 4, BIG_ENDIAN) >>> 8;
        if (parse(buffer, offset + Wire.VXLAN_HEADER, length - Wire.VXLAN_HEADER, inner) != null) {
            return -1;
        }
        return vni;
    }

    /**
     * Parses a whole VXLAN frame as it appears on a wire: outer Ethernet, IPv4, UDP to port 4789,
     * VXLAN, inner frame.
     *
     * @param buffer the bytes
     * @param offset the outer frame's first byte
     * @param length the outer frame's bytes
     * @param outer where the outer headers go
     * @param inner where the inner frame goes
     * @return the VNI, or -1 when dropped (counted) or not VXLAN
     */
    public int parseVxlanFrame(DirectBuffer buffer, int offset, int length, Packet outer, Packet inner) {
        if (parse(buffer, offset, length, outer) != null) {
            return -1;
        }
        return decapVxlan(buffer, outer, inner);
    }

    /**
     * Parses the VXLAN header and inner frame of an outer frame already parsed.
     *
     * @param buffer the bytes
     * @param outer the parsed outer frame
     * @param inner where the inner frame goes
     * @return the VNI, or -1 when dropped (counted) or not VXLAN
     */
    public int decapVxlan(DirectBuffer buffer, Packet outer, Packet inner) {
        if (outer.protocol != Wire.PROTO_UDP || outer.dstPort != Wire.VXLAN_PORT || outer.laterFragment) {
            drops.count(Drop.BAD_VXLAN);
            return -1;
        }
        return parseVxlanPayload(buffer, outer.payloadOffset, outer.payloadLength, inner);
    }

    /**
     * Parses a whole NVGRE frame: outer Ethernet, IPv4 protocol 47, GRE with key and protocol
     * 0x6558, inner frame.
     *
     * @param buffer the bytes
     * @param offset the outer frame's first byte
     * @param length the outer frame's bytes
     * @param outer where the outer headers go
     * @param inner where the inner frame goes
     * @return the virtual subnet id (VSID), or -1 when dropped (counted)
     */
    public int parseNvgreFrame(DirectBuffer buffer, int offset, int length, Packet outer, Packet inner) {
        if (parse(buffer, offset, length, outer) != null) {
            return -1;
        }
        return decapNvgre(buffer, outer, inner);
    }

    /**
     * Parses the NVGRE header and inner frame of an outer frame already parsed.
     *
     * @param buffer the bytes
     * @param outer the parsed outer frame
     * @param inner where the inner frame goes
     * @return the virtual subnet id (VSID), or -1 when dropped (counted)
     */
    public int decapNvgre(DirectBuffer buffer, Packet outer, Packet inner) {
        int at = outer.l4Offset;
        int len = outer.l4Length;
        if (outer.protocol != Wire.PROTO_GRE || outer.laterFragment || len < Wire.NVGRE_HEADER) {
            drops.count(Drop.BAD_NVGRE);
            return -1;
        }
        int flags = buffer.getShort(at, BIG_ENDIAN) & 0xFFFF;
        int proto = buffer.getShort(at + 2, BIG_ENDIAN) & 0xFFFF;
        // RFC 7637: C = 0, K = 1, S = 0, version 0; protocol type 0x6558.
        if (flags != 0x2000 || proto != Wire.ETHERTYPE_TEB) {
            drops.count(Drop.BAD_NVGRE);
            return -1;
        }
        int vsid = buffer.getInt(at + 4, BIG_ENDIAN) >>> 8;
        if (parse(buffer, at + Wire.NVGRE_HEADER, len - Wire.NVGRE_HEADER, inner) != null) {
            return -1;
        }
        return vsid;
    }

    /**
     * @param b a buffer
     * @param at first of six bytes
     * @return the MAC address in the low 48 bits
     */
    public static long mac(DirectBuffer b, int at) {
        return ((long) (b.getShort(at, BIG_ENDIAN) & 0xFFFF) << 32) | (b.getInt(at + 2, BIG_ENDIAN) & 0xFFFF_FFFFL);
    }
}
