package fabric.sdn.internal.underlay;

import org.agrona.DirectBuffer;

/** One host's attachment to the {@link Underlay}. */
public interface UnderlayEndpoint {

    /**
     * Sends an outer Ethernet frame (its IPv4 destination is the receiving host's provider address).
     *
     * @param frame the buffer
     * @param offset first byte
     * @param length bytes
     * @return false when the underlay dropped it at once (no such host, link down, queue full)
     */
    boolean send(DirectBuffer frame, int offset, int length);

    /** @return the host's provider address */
    int providerAddress();

    /** @return whether the link of this attachment has carrier (always, for an underlay without link state) */
    default boolean linkUp() {
        return true;
    }
}
