package fabric.api.topology;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The fabric's topology as declared, and the live state of its nodes and quorum. Thread-safe;
 * every answer is a consistent snapshot.
 *
 * <p>Other areas call {@link #requireQuorum(ScaleUnitId)} before every state change they make, so a
 * scale unit that lost its majority refuses changes everywhere at once.
 */
@ProviderType
public interface Topology {

    /** @return the declared region */
    RegionSpec region();

    /**
     * @param id a scale unit
     * @return its declaration
     * @throws FabricException {@code NOT_FOUND}
     */
    ScaleUnitSpec scaleUnit(ScaleUnitId id);

    /**
     * @param id a node
     * @return its declaration
     * @throws FabricException {@code NOT_FOUND}
     */
    NodeSpec node(NodeId id);

    /**
     * @param id a node
     * @return the scale unit it belongs to
     * @throws FabricException {@code NOT_FOUND}
     */
    ScaleUnitId scaleUnitOf(NodeId id);

    /**
     * @param id a node
     * @return its live state
     * @throws FabricException {@code NOT_FOUND}
     */
    NodeStatus status(NodeId id);

    /**
     * @param id a scale unit
     * @return the live state of each of its nodes, in declared order
     * @throws FabricException {@code NOT_FOUND}
     */
    List<NodeStatus> statuses(ScaleUnitId id);

    /**
     * @param id a scale unit
     * @return its quorum arithmetic and verdict
     * @throws FabricException {@code NOT_FOUND}
     */
    QuorumStatus quorum(ScaleUnitId id);

    /**
     * Refuses a state change on a scale unit that has lost its quorum.
     *
     * @param id the scale unit about to change
     * @throws FabricException {@code QUORUM_LOST} with the vote count when the scale unit is offline
     */
    void requireQuorum(ScaleUnitId id);
}
