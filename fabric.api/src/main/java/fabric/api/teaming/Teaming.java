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
     *
     * @param node the node
     * @param nic the NIC
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, or {@code FAILED_PRECONDITION} when it is
     *         already down or is the team's last NIC up
     */
    void failNic(NodeId node, String nic);

    /**
     * A failed NIC returns; the team rebalances onto it.
     *
     * @param node the node
     * @param nic the NIC
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, or {@code FAILED_PRECONDITION} when it is up
     */
    void restoreNic(NodeId node, String nic);
}
