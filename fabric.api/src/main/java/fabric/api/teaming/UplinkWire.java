package fabric.api.teaming;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The physical network under a team's NICs, as a sender sees it: where a frame goes when a NIC of
 * the team transmits it. Implemented by the sender that {@link TeamEgress#connect connects} (the
 * overlay puts it on its underlay).
 *
 * @since 1.1.0
 */
@ConsumerType
@FunctionalInterface
public interface UplinkWire {

    /**
     * A NIC transmits one frame, on the thread that runs the team's scheduler. The frame is the
     * buffer's bytes between its position and limit, valid only during the call.
     *
     * @param nic the NIC that sends it
     * @param trafficClass the frame's traffic class
     * @param frame the Ethernet frame
     */
    void transmit(String nic, String trafficClass, ByteBuffer frame);
}
