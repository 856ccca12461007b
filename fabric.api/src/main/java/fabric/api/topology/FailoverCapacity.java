package fabric.api.topology;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.Resources;
import fabric.api.core.ScaleUnitId;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The N-1 rule of Azure Stack: a scale unit must be able to restart every running workload after
 * losing any one node. Compute placement and update admission ask this before they act.
 *
 * <p>The check packs the lost node's workloads, largest first, into the headroom of the surviving
 * nodes that accept workloads (first fit decreasing). A "tolerant" answer is therefore always
 * achievable; a rare packing the heuristic misses is reported as not tolerant, erring on the safe side.
 */
@ProviderType
public interface FailoverCapacity {

    /**
     * Assesses a placement against node capacities given by the caller (for example vCPUs with
     * an overcommit ratio).
     *
     * @param scaleUnit the scale unit
     * @param capacity what each node offers; nodes missing here offer nothing
     * @param placement the workloads on each node
     * @return one outcome per node
     * @throws FabricException {@code NOT_FOUND} for an unknown scale unit; {@code INVALID_ARGUMENT} for a node
     *         of another scale unit
     */
    FailoverAssessment assess(ScaleUnitId scaleUnit, Map<NodeId, Resources> capacity,
            Map<NodeId, List<Workload>> placement);

    /**
     * Assesses a placement against the nodes' declared processors and memory.
     *
     * @param scaleUnit the scale unit
     * @param placement the workloads on each node
     * @return one outcome per node
     * @throws FabricException as {@link #assess(ScaleUnitId, Map, Map)}
     */
    FailoverAssessment assess(ScaleUnitId scaleUnit, Map<NodeId, List<Workload>> placement);
}
