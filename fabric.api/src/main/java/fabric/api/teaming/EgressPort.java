package fabric.api.teaming;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A sender's vPort on a node's team (from {@link TeamEgress#connect}). {@link #send} and
 * {@link #flush} are the data path: they allocate nothing and never throw for a frame. The port
 * follows the team across reconfiguration; after {@link #close} every send is {@link EgressResult#DROPPED}.
 *
 * @since 1.1.0
 */
@ProviderType
public interface EgressPort extends AutoCloseable {

    /**
     * Queues a copy of one frame (the buffer's bytes between its position and limit, which are left
     * unchanged) in its traffic class's queue of the NIC the team steers it to, then runs the team's
     * egress scheduler, so a frame whose turn has come leaves during this call.
     *
     * @param frame an Ethernet frame
     * @return whether it was queued, dropped (a lossy class's queue full, no NIC up, the port
     *         closed, a malformed frame) or refused by PFC (a lossless class paused: hold it and retry)
     */
    EgressResult send(ByteBuffer frame);

    /**
     * Runs the team's egress scheduler up to now: every NIC that is up sends what its rate and the
     * ETS shares allow. The sender's duty cycle calls this while frames are queued.
     *
     * @return frames the team's NICs sent
     */
    int flush();

    /** @return the traffic class this port's untagged frames go to */
    String trafficClass();

    /** @return the port's name on the switch */
    String name();

    /** Disconnects the port; frames still queued are sent, later sends are dropped. */
    @Override
    void close();
}
