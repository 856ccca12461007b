package fabric.sdn.internal.underlay;

/**
 * The provider network that carries encapsulated frames between hosts: an SPI with an in-process
 * implementation ({@link SimulatedUnderlay}: links with bandwidth, latency and loss, a top-of-rack
 * switch with MAC learning, link failure) and a real one ({@link UdpUnderlay}: one UDP socket per
 * host, VXLAN leaves the JVM as real datagrams). Frames are whole outer Ethernet frames.
 *
 * <p>Delivery happens in {@link #poll()}, on the caller's thread: the fabric's data-path agent in
 * production, the test itself in tests, so tests are deterministic and never sleep.
 */
public interface Underlay extends AutoCloseable {

    /**
     * Connects a host.
     *
     * @param providerAddress the host's provider address (PA)
     * @param hostMac the host's MAC on the provider network
     * @param receiver what gets the frames addressed to the host
     * @return the host's attachment, to send with
     */
    UnderlayEndpoint attach(int providerAddress, long hostMac, UnderlayReceiver receiver);

    /**
     * Connects one more NIC of a host that is already {@link #attach attached}: a team's uplink with
     * its own attachment to the provider network (its own link in the in-process underlay, its own
     * send sockets on UDP). Frames addressed to the host may arrive through any of its attachments,
     * each once.
     *
     * @param providerAddress the host's provider address
     * @param hostMac the host's MAC on the provider network
     * @param nic the NIC's name, unique on the host
     * @param receiver what gets the frames addressed to the host (the host's receiver)
     * @return the NIC's attachment, to send with; its {@link UnderlayEndpoint#linkUp()} is the NIC's carrier
     */
    UnderlayEndpoint attachNic(int providerAddress, long hostMac, String nic, UnderlayReceiver receiver);

    /**
     * Fault injection on the provider network: the link of a host's NIC fails (frames sent on it are
     * lost, its carrier is down) or returns.
     *
     * @param providerAddress the host's provider address
     * @param nic the NIC, attached with {@link #attachNic}
     * @param up false to fail the link, true to restore it
     * @throws IllegalArgumentException when the host has no such NIC attached
     */
    void link(int providerAddress, String nic, boolean up);

    /**
     * Delivers what has arrived.
     *
     * @return frames delivered
     */
    int poll();

    @Override
    void close();
}
