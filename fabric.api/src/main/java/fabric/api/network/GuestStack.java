package fabric.api.network;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A guest's minimal IPv4 network stack behind a vNIC: answers ARP for its address and ICMP echo
 * requests, pings (ARP first when the neighbour is unknown) and answers TCP SYNs on listening ports.
 * What the fabric plugs into a VM's network interface. Thread-safe.
 *
 * @since 1.2
 */
@ProviderType
public interface GuestStack extends FrameSink {

    /** @return the stack's MAC */
    MacAddress mac();

    /** @return the stack's address */
    Ipv4Address address();

    /** @param port the port the stack sends on from now on, or {@code null} when it has none (unplugged) */
    void bind(VPort port);

    /**
     * Sends one echo request (after ARP when the neighbour is not known yet).
     *
     * @param to the destination
     * @param seq the sequence number
     * @return false when the stack has no port or the fabric refused the first frame
     */
    boolean ping(Ipv4Address to, int seq);

    /** @param port a TCP port to answer SYNs on with SYN-ACK (others get RST) */
    void listen(int port);

    /** @return echo replies received */
    long echoRepliesReceived();

    /** @return the sequence number of the last echo reply, -1 before any */
    int lastReplySeq();

    /** @return echo requests answered */
    long echoRequestsAnswered();
}
