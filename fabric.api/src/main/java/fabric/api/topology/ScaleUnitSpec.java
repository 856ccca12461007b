package fabric.api.topology;

import fabric.api.core.ScaleUnitId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scale unit as declared in the topology: 4 to 16 nodes and an optional quorum witness.
 *
 * @param id the scale unit's name, unique in the region
 * @param nodes its nodes, in declared order
 * @param witness its quorum witness, if any
 */
public record ScaleUnitSpec(ScaleUnitId id, List<NodeSpec> nodes, Optional<WitnessSpec> witness) {

    /** The fewest nodes a scale unit may have. */
    public static final int MIN_NODES = 4;
    /** The most nodes a scale unit may have. */
    public static final int MAX_NODES = 16;

    /** Validates every part and copies the list. */
    public ScaleUnitSpec {
        Objects.requireNonNull(id, "id");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(witness, "witness");
        if (nodes.size() < MIN_NODES || nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException("scale unit " + id + " has " + nodes.size()
                    + " nodes; a scale unit has " + MIN_NODES + " to " + MAX_NODES);
        }
    }

    /** @return the votes of the scale unit: one per node, one more with a witness */
    public int totalVotes() {
        return nodes.size() + (witness.isPresent() ? 1 : 0);
    }
}
