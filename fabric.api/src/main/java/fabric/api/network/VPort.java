package fabric.api.network;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A port on a node's virtual switch with a {@link FrameSink} attached: the vNIC's side of the
 * fabric. Thread-safe.
 */
@ProviderType
public interface VPort {

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

    /** @return the port's traffic counters */
    PortCounters counters();

    /** @return false once the port was detached; a detached port drops everything sent to it */
    boolean isAttached();
}
