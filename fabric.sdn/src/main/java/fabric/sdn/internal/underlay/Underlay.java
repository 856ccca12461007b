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
     * Delivers what has arrived.
     *
     * @return frames delivered
     */
    int poll();

    @Override
    void close();
}
