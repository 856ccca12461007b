package fabric.api.teaming;

import fabric.api.core.NodeId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The egress data path of every node's team: a sender on a node (the node's VXLAN tunnel endpoint,
 * a host vNIC) connects as a vPort of the node's virtual switch and hands it whole Ethernet frames;
 * the switch classifies them by 802.1p priority into the team's DCB traffic classes, steers them to
 * a NIC (load distribution, failover), queues them, and its ETS scheduler hands them to the
 * sender's {@link UplinkWire} when their turn comes. Thread-safe.
 *
 * @since 1.1.0
 */
@ProviderType
public interface TeamEgress {

    /**
     * Connects a sender to a node's team as a vPort.
     *
     * @param node the node
     * @param name the vPort's name, unique on the node's switch
     * @param priority the 802.1p priority (0-7) of the sender's untagged frames; it selects their
     *        traffic class (tenant traffic takes a lossy class, so that a lossless class such as
     *        storage is never paused by it)
     * @param wire where the team's NICs put the sender's frames on the physical network
     * @return the sender's port
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} when the node has no team,
     *         {@code ALREADY_EXISTS} when the name is taken, {@code INVALID_ARGUMENT} for a priority
     *         outside 0-7
     */
    EgressPort connect(NodeId node, String name, int priority, UplinkWire wire);
}
