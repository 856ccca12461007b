package fabric.sdn.internal.wire;

/**
 * Why the data plane dropped a frame. Every drop is counted by reason ({@link DropCounters}); no
 * frame, however malformed, makes a parser throw.
 */
public enum Drop {
    /** Shorter than an Ethernet header (14 bytes), or than a VLAN tag when one is announced. */
    TRUNCATED_ETHERNET,
    /** Longer than the largest frame the port accepts. */
    OVERSIZED,
    /** An ARP packet shorter than 28 bytes. */
    TRUNCATED_ARP,
    /** ARP that is not Ethernet/IPv4 (htype 1, ptype 0x0800, hlen 6, plen 4) or has an unknown opcode. */
    BAD_ARP,
    /** Fewer bytes than an IPv4 header announces. */
    TRUNCATED_IPV4,
    /** IP version is not 4, or the header length is below 20 bytes. */
    BAD_IPV4_HEADER,
    /** The IPv4 total length is shorter than the header or longer than the frame. */
    BAD_IPV4_LENGTH,
    /** The IPv4 header checksum does not verify. */
    BAD_IPV4_CHECKSUM,
    /** Fewer bytes than an ICMP echo header (8 bytes). */
    TRUNCATED_ICMP,
    /** Fewer bytes than a UDP header, or a UDP length that disagrees with the IP payload. */
    BAD_UDP,
    /** Fewer bytes than a TCP header, or a data offset below 5 words or beyond the packet. */
    BAD_TCP,
    /** A VXLAN header that is truncated or lacks the I flag (RFC 7348 section 5). */
    BAD_VXLAN,
    /** A GRE header that is truncated or is not NVGRE (key present, protocol 0x6558, RFC 7637). */
    BAD_NVGRE,
    /** An encapsulated frame for a virtual network that does not exist here. */
    UNKNOWN_VNI,
    /** A frame for an address no mapping or port knows. */
    NO_ROUTE,
    /** A source address the sender does not own (MAC of another port, CA not mapped to the sending PA). */
    SPOOFED,
    /** An outbound flow found its backend's SNAT port range exhausted. */
    SNAT_EXHAUSTED,
    /** Refused by the distributed firewall. */
    FIREWALL,
    /** Lost in the underlay (link down, loss, queue full). */
    UNDERLAY;

    private static final Drop[] VALUES = values();

    /** @return every reason, shared (callers must not modify it) */
    public static Drop[] all() {
        return VALUES;
    }
}
