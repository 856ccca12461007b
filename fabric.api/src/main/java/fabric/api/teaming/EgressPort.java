package fabric.api.teaming;

import java.nio.ByteBuffer;
import java.util.List;
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

    /**
     * The team's NICs now, in the team's order; a new list (another instance) after the team is
     * reconfigured, so a sender can compare by identity to see the change without allocating.
     *
     * @return the NICs
     * @since 1.2.0
     */
    List<String> nics();

    /**
     * Reports the carrier of the physical link under one of the team's NICs, as the sender's
     * physical network (its {@link UplinkWire}) sees it. A NIC that loses carrier is out of the team
     * until it regains it: its vPorts, flows and queued frames move to the NICs that are up, as when
     * it fails ({@link Teaming#failNic}), and nothing is transmitted on it. Reporting the state it
     * already has changes nothing. Senders report before they send or flush, so a link lost between
     * two scheduler rounds carries no frame of the next one.
     *
     * @param nic one of {@link #nics()}
     * @param up true when the link has carrier
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for a NIC that is not in the team
     * @since 1.2.0
     */
    void carrier(String nic, boolean up);

    /** Disconnects the port; frames still queued are sent, later sends are dropped. */
    @Override
    void close();
}
