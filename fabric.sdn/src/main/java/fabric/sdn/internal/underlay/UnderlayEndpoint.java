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

    /**
     * Sends an outer Ethernet frame with an 802.1p priority: the PCP of the priority tag the NIC puts
     * on the wire (the receiving NIC strips it, the frame's bytes arrive unchanged). An underlay without
     * priorities sends it as {@link #send(DirectBuffer, int, int)} does.
     *
     * @param frame the buffer
     * @param offset first byte
     * @param length bytes
     * @param priority 0-7
     * @return false when the underlay dropped it at once
     */
    default boolean send(DirectBuffer frame, int offset, int length, int priority) {
        return send(frame, offset, length);
    }

    /**
     * Whether the link partner pauses a priority now by priority flow control (802.1Qbb): the
     * attachment holds that priority's frames until it resumes it. Never, for an underlay without PFC.
     *
     * @param priority 0-7
     * @return true while paused
     */
    default boolean paused(int priority) {
        return false;
    }

    /** @return the host's provider address */
    int providerAddress();

    /** @return whether the link of this attachment has carrier (always, for an underlay without link state) */
    default boolean linkUp() {
        return true;
    }
}
