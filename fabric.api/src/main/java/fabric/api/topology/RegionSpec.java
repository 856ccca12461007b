package fabric.api.topology;

import fabric.api.core.Names;
import java.util.List;

/**
 * A region: the whole declared topology, stamps of scale units of nodes.
 *
 * @param name the region's name
 * @param stamps its stamps; at least one
 */
public record RegionSpec(String name, List<StampSpec> stamps) {

    /** Validates every part and copies the list. */
    public RegionSpec {
        Names.require("region.name", name);
        stamps = List.copyOf(stamps);
        if (stamps.isEmpty()) {
            throw new IllegalArgumentException("region " + name + " has no stamp");
        }
    }

    /** @return every scale unit of every stamp, in declared order */
    public List<ScaleUnitSpec> scaleUnits() {
        return stamps.stream().flatMap(s -> s.scaleUnits().stream()).toList();
    }

    /** @return every node of every scale unit, in declared order */
    public List<NodeSpec> nodes() {
        return scaleUnits().stream().flatMap(u -> u.nodes().stream()).toList();
    }
}
