package fabric.sdn.internal.wire;

/**
 * What {@link PacketParser} found in one frame: offsets into the caller's buffer and the header
 * fields the data plane switches on. One instance is reused for every frame (no allocation); every
 * field is reset by each parse. Addresses are ints (IPv4) and the low 48 bits of longs (MAC).
 */
public final class Packet {

    /** First byte of the Ethernet frame in the buffer. */
    public int frameOffset;
    /** Bytes in the frame. */
    public int frameLength;
    /** Destination MAC. */
    public long dstMac;
    /** Source MAC. */
    public long srcMac;
    /** 802.1Q VLAN id, or -1 when untagged. */
    public int vlanId;
    /** 802.1p priority code point from the tag (0 when untagged). */
    public int pcp;
    /** EtherType after any tag. */
    public int etherType;
    /** First byte after the Ethernet header (and tag). */
    public int l3Offset;

    /** ARP opcode, 0 when not ARP. */
    public int arpOp;
    /** ARP sender hardware address. */
    public long arpSenderMac;
    /** ARP sender protocol address. */
    public int arpSenderIp;
    /** ARP target hardware address. */
    public long arpTargetMac;
    /** ARP target protocol address. */
    public int arpTargetIp;

    /** IPv4 source, when {@link #etherType} is IPv4. */
    public int srcIp;
    /** IPv4 destination. */
    public int dstIp;
    /** IP protocol number, -1 when not IPv4. */
    public int protocol;
    /** IPv4 time to live. */
    public int ttl;
    /** IPv4 total length. */
    public int ipTotalLength;
    /** True for a non-first fragment: no transport header is parsed. */
    public boolean laterFragment;
    /** First byte of the transport header. */
    public int l4Offset;
    /** Bytes of transport header and payload (from the IPv4 total length). */
    public int l4Length;

    /**
     * The flow hash of an IPv4 packet ({@link #flowHash(int, int, int, int, int)} of its 5-tuple),
     * computed once by the parser and shared by whoever needs it: the firewall's flow caches and
     * the encapsulation's entropy.
     */
    public int hash;

    /** Transport source port (TCP/UDP), 0 otherwise. */
    public int srcPort;
    /** Transport destination port (TCP/UDP), 0 otherwise. */
    public int dstPort;
    /** TCP flags byte. */
    public int tcpFlags;
    /** ICMP type, -1 when not ICMP. */
    public int icmpType;
    /** ICMP code. */
    public int icmpCode;
    /** ICMP echo identifier. */
    public int icmpId;
    /** ICMP echo sequence number. */
    public int icmpSeq;
    /** First byte of the transport payload. */
    public int payloadOffset;
    /** Bytes of transport payload. */
    public int payloadLength;

    void reset(int offset, int length) {
        frameOffset = offset;
        frameLength = length;
        dstMac = 0;
        srcMac = 0;
        vlanId = -1;
        pcp = 0;
        etherType = 0;
        l3Offset = 0;
        arpOp = 0;
        arpSenderMac = 0;
        arpSenderIp = 0;
        arpTargetMac = 0;
        arpTargetIp = 0;
        srcIp = 0;
        dstIp = 0;
        protocol = -1;
        ttl = 0;
        ipTotalLength = 0;
        laterFragment = false;
        l4Offset = 0;
        l4Length = 0;
        srcPort = 0;
        dstPort = 0;
        hash = 0;
        tcpFlags = 0;
        icmpType = -1;
        icmpCode = 0;
        icmpId = 0;
        icmpSeq = 0;
        payloadOffset = 0;
        payloadLength = 0;
    }

    /** @return true when the frame carries IPv4 */
    public boolean isIpv4() {
        return protocol >= 0;
    }

    /** @return true when the frame carries ARP */
    public boolean isArp() {
        return arpOp != 0;
    }

    /** @return the hash of this packet's 5-tuple, computed now ({@link #hash} holds the parser's) */
    public int flowHash() {
        return flowHash(srcIp, dstIp, srcPort, dstPort, protocol);
    }

    /**
     * A hash of a 5-tuple (for ECMP entropy and flow tables), never allocating: the addresses and
     * the ports with the protocol as two 64-bit words, each multiplied by an odd constant (the two
     * multiplications run side by side, not one after the other), then the high half of their sum,
     * which every input bit takes part in.
     *
     * @param srcIp source address
     * @param dstIp destination address
     * @param srcPort source port, 0 without one
     * @param dstPort destination port, 0 without one
     * @param protocol IP protocol
     * @return the hash
     */
    public static int flowHash(int srcIp, int dstIp, int srcPort, int dstPort, int protocol) {
        long addresses = ((long) srcIp << 32 | (dstIp & 0xFFFF_FFFFL)) * 0x9E37_79B9_7F4A_7C15L;
        long ports = ((long) srcPort << 40 | (long) dstPort << 24 | (protocol & 0xFFL) << 16) * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) ((addresses + ports) >>> 32);
    }
}
