package fabric.api.teaming;

import fabric.api.core.NodeId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every node's virtual switch team. Failing operations throw {@link fabric.api.core.FabricException}
 * and change nothing. Thread-safe.
 */
@ProviderType
public interface Teaming {

    /** @return every node's team */
    List<TeamStatus> teams();

    /**
     * @param node a node
     * @return its team
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}
     */
    TeamStatus team(NodeId node);

    /**
     * Replaces a node's team configuration; vPorts and queued frames move to the new uplinks.
     *
     * @param spec the team
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown node or NIC,
     *         {@code INVALID_ARGUMENT} for NICs that are not identical
     */
    void configure(TeamSpec spec);

    /**
     * Fault injection: a NIC fails; its vPorts, flows and queued frames move to the team's other NICs.
     * A NIC is down while it is failed or while its link has no carrier ({@link EgressPort#carrier});
     * a failed NIC stays down until it is restored, whatever its carrier.
     *
     * @param node the node
     * @param nic the NIC
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, or {@code FAILED_PRECONDITION} when it is
     *         already failed or is the team's last NIC up
     */
    void failNic(NodeId node, String nic);

    /**
     * A failed NIC returns; the team rebalances onto it (once its link has carrier).
     *
     * @param node the node
     * @param nic the NIC
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, or {@code FAILED_PRECONDITION} when it is up
     */
    void restoreNic(NodeId node, String nic);

    /**
     * Priority flow control from a NIC's link partner (802.1Qbb): while a priority is paused the NIC
     * transmits no frame of its traffic class; the class's queue fills and, at its pause threshold,
     * the team pauses the class's senders in turn ({@link EgressResult#PAUSED}), who hold their
     * frames. Fault injection, or the signal of whatever models the link partner.
     *
     * @param node the node
     * @param nic one of its team's NICs
     * @param priority an 802.1p priority (0-7) of a lossless class
     * @param paused true when the link partner asserts the pause, false when it releases it
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown node or NIC,
     *         {@code INVALID_ARGUMENT} for a priority outside 0-7, {@code FAILED_PRECONDITION} for a
     *         priority whose class is not lossless (PFC is enabled only on lossless classes)
     * @since 1.2.0
     */
    void pfc(NodeId node, String nic, int priority, boolean paused);
}
