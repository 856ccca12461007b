package fabric.api.compute;

import fabric.api.core.NodeId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An availability set and where its members are.
 *
 * @param spec the set
 * @param members its VMs, by name in order
 * @param membersPerNode how many members each node hosts (nodes with none left out)
 */
public record AvailabilitySetStatus(AvailabilitySetSpec spec, List<String> members, Map<NodeId, Integer> membersPerNode) {

    /** Validates and copies. */
    public AvailabilitySetStatus {
        Objects.requireNonNull(spec, "spec");
        members = List.copyOf(members);
        membersPerNode = Collections.unmodifiableSortedMap(new TreeMap<>(membersPerNode));
    }
}
