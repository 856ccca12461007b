package fabric.sdn.internal.underlay;

import org.agrona.DirectBuffer;

/** Receives the outer Ethernet frames the {@link Underlay} delivers to one host. */
@FunctionalInterface
public interface UnderlayReceiver {

    /**
     * @param frame the buffer, valid only during the call
     * @param offset first byte
     * @param length bytes
     */
    void onFrame(DirectBuffer frame, int offset, int length);
}
