package fabric.api.network;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A port on a node's virtual switch with a {@link FrameSink} attached: the vNIC's side of the
 * fabric. Thread-safe.
 */
@ProviderType
public interface VPort {

    /**
     * Bytes of headroom {@link #sendWithHeadroom} needs in front of a frame: enough for the outer
     * headers of every encapsulation the fabric uses.
     */
    int HEADROOM = 64;

    /** @return what the port was created with */
    VPortSpec spec();

    /**
     * Sends one Ethernet frame from the vNIC into the fabric: switched, filtered, encapsulated to
     * its destination's host. A frame the fabric cannot carry is counted and dropped, never thrown.
     *
     * @param frame the frame, between position and limit; the position is not moved
     * @return true when the fabric took the frame on, false when it was dropped
     */
    boolean send(ByteBuffer frame);

    /**
     * Sends a frame as {@link #send} does, with its headroom: the {@link #HEADROOM} bytes in front of
     * the frame's position are the fabric's to overwrite, so it may write the outer headers there
     * and encapsulate the frame where it lies instead of copying it (as a NIC driver uses the
     * headroom of its buffers). The frame's own bytes are left as they were. A read-only buffer, or
     * one with fewer bytes in front of the position, is sent as {@link #send} sends it.
     *
     * @param frame the frame, between position and limit; the position is not moved
     * @return true when the fabric took the frame on, false when it was dropped
     * @since 1.3
     */
    boolean sendWithHeadroom(ByteBuffer frame);

    /** @return the port's traffic counters */
    PortCounters counters();

    /** @return false once the port was detached; a detached port drops everything sent to it */
    boolean isAttached();
}
