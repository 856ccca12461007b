package fabric.lifecycle.internal;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.NodeHealth;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.api.topology.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fixed topology of one scale unit, with node states a test sets. */
final class TestTopology implements Topology {

    static final ScaleUnitId SU = ScaleUnitId.of("su-1");

    private final ScaleUnitSpec scaleUnit;
    private final Map<NodeId, NodeState> states = new LinkedHashMap<>();

    TestTopology(String vendor, String model, int nodes) {
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            NodeId id = NodeId.of("node-" + i);
            specs.add(new NodeSpec(id, 32, 384L << 30, List.of(), List.of(), "node-" + i + "-bmc", vendor, model));
            states.put(id, NodeState.UP);
        }
        scaleUnit = new ScaleUnitSpec(SU, specs, Optional.empty());
    }

    void set(String node, NodeState state) {
        states.put(NodeId.of(node), state);
    }

    @Override
    public RegionSpec region() {
        return new RegionSpec("test", List.of(new StampSpec("stamp-1", List.of(scaleUnit))));
    }

    @Override
    public ScaleUnitSpec scaleUnit(ScaleUnitId id) {
        if (!id.equals(SU)) {
            throw FabricException.notFound("scale unit", id.value());
        }
        return scaleUnit;
    }

    @Override
    public NodeSpec node(NodeId id) {
        return scaleUnit.nodes().stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> FabricException.notFound("node", id.value()));
    }

    @Override
    public ScaleUnitId scaleUnitOf(NodeId id) {
        node(id);
        return SU;
    }

    @Override
    public NodeStatus status(NodeId id) {
        node(id);
        return new NodeStatus(id, states.get(id), NodeHealth.HEALTHY, Instant.EPOCH, "");
    }

    @Override
    public List<NodeStatus> statuses(ScaleUnitId id) {
        List<NodeStatus> out = new ArrayList<>();
        for (NodeSpec n : scaleUnit(id).nodes()) {
            out.add(status(n.id()));
        }
        return out;
    }

    @Override
    public QuorumStatus quorum(ScaleUnitId id) {
        int present = (int) states.values().stream().filter(s -> s == NodeState.UP || s == NodeState.MAINTENANCE)
                .count();
        return QuorumStatus.of(id, scaleUnit(id).totalVotes(), present, false, false);
    }

    @Override
    public void requireQuorum(ScaleUnitId id) {
    }
}
