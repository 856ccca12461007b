package fabric.api.topology;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Changes the membership state of nodes and the availability of witnesses. Every accepted change
 * is journaled, announced to {@link MembershipListener}s and may change the quorum verdict.
 *
 * <p>Facts about the world are always accepted, even on a scale unit without quorum, because they are
 * how quorum is lost and regained: a node going {@link NodeState#DOWN} or
 * {@link NodeState#ISOLATED}, a node coming back {@link NodeState#UP} from those states, a witness
 * failing or returning. Administrative changes (entering or leaving
 * {@link NodeState#MAINTENANCE}) need quorum.
 */
@ProviderType
public interface Membership {

    /**
     * Records that a node failed.
     *
     * @param node the node
     * @param reason why, in words
     * @return the node's new status
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it is already down
     */
    NodeStatus fail(NodeId node, String reason);

    /**
     * Records that a down or isolated node rejoined its scale unit.
     *
     * @param node the node
     * @return the node's new status
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it is not down or isolated
     */
    NodeStatus recover(NodeId node);

    /**
     * Records that a node lost contact with the other members while still running.
     *
     * @param node the node
     * @param reason why, in words
     * @return the node's new status
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it is not up or in maintenance
     */
    NodeStatus isolate(NodeId node, String reason);

    /**
     * Pauses an up node for maintenance. The caller drains it first; this only records the state.
     *
     * @param node the node
     * @param reason why, in words
     * @return the node's new status
     * @throws FabricException {@code NOT_FOUND}; {@code QUORUM_LOST}; {@code FAILED_PRECONDITION} when it is not up
     */
    NodeStatus enterMaintenance(NodeId node, String reason);

    /**
     * Resumes a node from maintenance.
     *
     * @param node the node
     * @return the node's new status
     * @throws FabricException {@code NOT_FOUND}; {@code QUORUM_LOST}; {@code FAILED_PRECONDITION} when it is not in
     *         maintenance
     */
    NodeStatus exitMaintenance(NodeId node);

    /**
     * Records that a scale unit's witness became reachable or unreachable.
     *
     * @param scaleUnit the scale unit
     * @param available whether the witness is reachable
     * @return the new quorum status
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when the scale unit has no witness or the
     *         witness is already in that state
     */
    QuorumStatus setWitnessAvailable(ScaleUnitId scaleUnit, boolean available);
}
