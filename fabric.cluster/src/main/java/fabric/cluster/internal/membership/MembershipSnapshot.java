package fabric.cluster.internal.membership;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.NodeHealth;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The membership state of every node and witness of a region at one moment. Immutable. */
final class MembershipSnapshot {

    private final Map<NodeId, NodeStatus> nodes;
    private final Set<ScaleUnitId> witnessesDown;

    private MembershipSnapshot(Map<NodeId, NodeStatus> nodes, Set<ScaleUnitId> witnessesDown) {
        this.nodes = Collections.unmodifiableMap(nodes);
        this.witnessesDown = Collections.unmodifiableSet(witnessesDown);
    }

    /**
     * @param region the declared region
     * @param since when its nodes came up
     * @return every node up and every witness available
     */
    static MembershipSnapshot allUp(RegionSpec region, Instant since) {
        Map<NodeId, NodeStatus> nodes = new LinkedHashMap<>();
        for (NodeSpec node : region.nodes()) {
            nodes.put(node.id(), status(node.id(), NodeState.UP, since, ""));
        }
        return new MembershipSnapshot(nodes, Set.of());
    }

    /** @return the status of a node of the region (the caller checked that it is one) */
    NodeStatus status(NodeId node) {
        return nodes.get(node);
    }

    /** @return a copy with the node in a new status */
    MembershipSnapshot with(NodeStatus status) {
        Map<NodeId, NodeStatus> next = new LinkedHashMap<>(nodes);
        next.put(status.node(), status);
        return new MembershipSnapshot(next, witnessesDown);
    }

    /** @return a copy with the scale unit's witness available or not */
    MembershipSnapshot withWitness(ScaleUnitId scaleUnit, boolean available) {
        Set<ScaleUnitId> next = new HashSet<>(witnessesDown);
        if (available) {
            next.remove(scaleUnit);
        } else {
            next.add(scaleUnit);
        }
        return new MembershipSnapshot(nodes, next);
    }

    /** @return whether the scale unit has a witness and it is reachable */
    boolean witnessAvailable(ScaleUnitSpec unit) {
        return unit.witness().isPresent() && !witnessesDown.contains(unit.id());
    }

    /** @return the scale unit's votes and verdict: one vote per up or maintenance node, one for an available witness */
    QuorumStatus quorum(ScaleUnitSpec unit) {
        int present = 0;
        for (NodeSpec node : unit.nodes()) {
            if (nodes.get(node.id()).state().votes()) {
                present++;
            }
        }
        boolean witness = witnessAvailable(unit);
        if (witness) {
            present++;
        }
        return QuorumStatus.of(unit.id(), unit.totalVotes(), present, unit.witness().isPresent(), witness);
    }

    /**
     * @param node a node
     * @param state its state
     * @param since when it entered the state
     * @param reason why
     * @return its status, with the health that goes with the state
     */
    static NodeStatus status(NodeId node, NodeState state, Instant since, String reason) {
        return new NodeStatus(node, state, health(state), since, reason);
    }

    /** @return UP is healthy; maintenance and isolation deserve a look; down is unhealthy */
    static NodeHealth health(NodeState state) {
        return switch (state) {
            case UP -> NodeHealth.HEALTHY;
            case MAINTENANCE, ISOLATED -> NodeHealth.WARNING;
            case DOWN -> NodeHealth.UNHEALTHY;
        };
    }
}
