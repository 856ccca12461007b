package fabric.cluster.internal.membership;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Lookups into a declared region by name; unknown names are {@code NOT_FOUND}. Immutable. */
final class RegionIndex {

    private final RegionSpec region;
    private final Map<ScaleUnitId, ScaleUnitSpec> scaleUnits = new LinkedHashMap<>();
    private final Map<NodeId, NodeSpec> nodes = new LinkedHashMap<>();
    private final Map<NodeId, ScaleUnitId> scaleUnitOfNode = new LinkedHashMap<>();
    private final Map<String, NodeId> nodesByName = new LinkedHashMap<>();
    private final Map<String, ScaleUnitSpec> scaleUnitsByName = new LinkedHashMap<>();

    RegionIndex(RegionSpec region) {
        this.region = Objects.requireNonNull(region, "region");
        for (ScaleUnitSpec unit : region.scaleUnits()) {
            scaleUnits.put(unit.id(), unit);
            scaleUnitsByName.put(unit.id().value(), unit);
            for (NodeSpec node : unit.nodes()) {
                nodes.put(node.id(), node);
                scaleUnitOfNode.put(node.id(), unit.id());
                nodesByName.put(node.id().value(), node.id());
            }
        }
    }

    RegionSpec region() {
        return region;
    }

    ScaleUnitSpec scaleUnit(ScaleUnitId id) {
        ScaleUnitSpec unit = scaleUnits.get(Objects.requireNonNull(id, "scaleUnit"));
        if (unit == null) {
            throw FabricException.notFound("scale unit", id.value());
        }
        return unit;
    }

    NodeSpec node(NodeId id) {
        NodeSpec node = nodes.get(Objects.requireNonNull(id, "node"));
        if (node == null) {
            throw FabricException.notFound("node", id.value());
        }
        return node;
    }

    ScaleUnitId scaleUnitOf(NodeId id) {
        node(id);
        return scaleUnitOfNode.get(id);
    }

    /** @return the node of that name, if the region declares one */
    Optional<NodeId> nodeNamed(String name) {
        return Optional.ofNullable(nodesByName.get(name));
    }

    /** @return the scale unit of that name, if the region declares one */
    Optional<ScaleUnitSpec> scaleUnitNamed(String name) {
        return Optional.ofNullable(scaleUnitsByName.get(name));
    }
}
