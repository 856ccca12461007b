package fabric.api.topology;

import fabric.api.core.NodeId;
import fabric.api.core.Resources;
import java.util.List;
import java.util.Objects;

/**
 * What the loss of one node would mean for its workloads.
 *
 * @param lost the node assumed lost
 * @param rehostable whether every workload of that node found room on the surviving nodes
 * @param stranded the workloads that found no room, by name
 * @param strandedDemand their total demand
 */
public record NodeLossOutcome(NodeId lost, boolean rehostable, List<String> stranded, Resources strandedDemand) {

    /** Validates every part and copies the list. */
    public NodeLossOutcome {
        Objects.requireNonNull(lost, "lost");
        stranded = List.copyOf(stranded);
        Objects.requireNonNull(strandedDemand, "strandedDemand");
        if (rehostable != stranded.isEmpty()) {
            throw new IllegalArgumentException("rehostable must mean nothing is stranded");
        }
    }
}
