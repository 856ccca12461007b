package fabric.sdn.internal.wire;

/** Protocol numbers, sizes and limits of the wire formats, in one place. */
public final class Wire {

    /** Ethernet header without a tag. */
    public static final int ETH_HEADER = 14;
    /** An 802.1Q tag. */
    public static final int VLAN_TAG = 4;
    /** EtherType IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType ARP. */
    public static final int ETHERTYPE_ARP = 0x0806;
    /** EtherType 802.1Q VLAN tag. */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** EtherType of transparent Ethernet bridging, carried by NVGRE. */
    public static final int ETHERTYPE_TEB = 0x6558;
    /** ARP packet for Ethernet/IPv4. */
    public static final int ARP_LENGTH = 28;
    /** ARP request opcode. */
    public static final int ARP_REQUEST = 1;
    /** ARP reply opcode. */
    public static final int ARP_REPLY = 2;
    /** IPv4 header without options. */
    public static final int IPV4_HEADER = 20;
    /** IP protocol ICMP. */
    public static final int PROTO_ICMP = 1;
    /** IP protocol TCP. */
    public static final int PROTO_TCP = 6;
    /** IP protocol UDP. */
    public static final int PROTO_UDP = 17;
    /** IP protocol GRE. */
    public static final int PROTO_GRE = 47;
    /** ICMP echo reply. */
    public static final int ICMP_ECHO_REPLY = 0;
    /** ICMP echo request. */
    public static final int ICMP_ECHO_REQUEST = 8;
    /** ICMP header of an echo message. */
    public static final int ICMP_ECHO_HEADER = 8;
    /** UDP header. */
    public static final int UDP_HEADER = 8;
    /** TCP header without options. */
    public static final int TCP_HEADER = 20;
    /** VXLAN header (RFC 7348). */
    public static final int VXLAN_HEADER = 8;
    /** The IANA port of VXLAN. */
    public static final int VXLAN_PORT = 4789;
    /** NVGRE header: GRE with the key field (RFC 7637). */
    public static final int NVGRE_HEADER = 8;
    /** Outer headers VXLAN adds: Ethernet, IPv4, UDP, VXLAN. */
    public static final int VXLAN_OVERHEAD = ETH_HEADER + IPV4_HEADER + UDP_HEADER + VXLAN_HEADER;
    /** Outer headers NVGRE adds: Ethernet, IPv4, GRE with key. */
    public static final int NVGRE_OVERHEAD = ETH_HEADER + IPV4_HEADER + NVGRE_HEADER;
    /** The largest frame any port accepts: a jumbo frame. */
    public static final int MAX_FRAME = 9216;
    /** The largest VNI / VSID (24 bits). */
    public static final int MAX_VNI = 0xFF_FFFF;

    /** TCP flag FIN. */
    public static final int TCP_FIN = 0x01;
    /** TCP flag SYN. */
    public static final int TCP_SYN = 0x02;
    /** TCP flag RST. */
    public static final int TCP_RST = 0x04;
    /** TCP flag ACK. */
    public static final int TCP_ACK = 0x10;

    private Wire() {
    }

    /**
     * @param ip an IPv4 address as an int
     * @return dotted-quad text
     */
    public static String ipToString(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /**
     * @param mac a MAC address in the low 48 bits
     * @return colon-separated hex text
     */
    public static String macToString(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (mac >>> (i * 8)) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
