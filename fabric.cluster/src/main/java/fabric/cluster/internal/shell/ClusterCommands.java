package fabric.cluster.internal.shell;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.Membership;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.Topology;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code fabric:} shell commands for the topology and membership: look at the scale units and
 * inject faults. Each command returns its report as text and throws
 * {@link fabric.api.core.FabricException} with a one-line message when refused.
 *
 * <p>Gogo 1.1 calls a command's method by the function's name and Java names have no hyphens, so
 * the methods are in camel case ({@code failNode}); {@link ClusterCommandAliases} adds the hyphenated
 * names ({@code fail-node}) that operators type.
 */
@Component(service = ClusterCommands.class)
@GogoCommand(scope = "fabric", function = {"status", "nodes", "node", "failNode", "recoverNode", "isolateNode",
    "enterMaintenance", "exitMaintenance", "failWitness", "recoverWitness"})
public final class ClusterCommands {

    private final Topology topology;
    private final Membership membership;
    private final ClusterReport report;

    /**
     * @param topology the topology and its live state
     * @param membership where state changes go
     */
    @Activate
    public ClusterCommands(@Reference(name = "topology") Topology topology,
            @Reference(name = "membership") Membership membership) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.report = new ClusterReport(topology);
    }

    /** @return the region at a glance */
    @Descriptor("shows the region: each scale unit's quorum and its nodes' state and health")
    public String status() {
        return report.status();
    }

    /** @return every node */
    @Descriptor("lists every node with its state, health and hardware")
    public String nodes() {
        return report.nodes();
    }

    /**
     * @param node a node's name
     * @return the node in full
     */
    @Descriptor("shows one node in full: state and why, hardware, disks and NICs")
    public String node(@Descriptor("node name") String node) {
        return report.node(NodeId.of(node));
    }

    /**
     * @param node a node's name
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("records that a node failed (fault injection); it loses its vote")
    public String failNode(@Descriptor("node name") String node) {
        return failNode(node, "failed by an operator");
    }

    /**
     * @param node a node's name
     * @param reason why
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("records that a node failed (fault injection), and why; it loses its vote")
    public String failNode(@Descriptor("node name") String node, @Descriptor("why, in quotes") String reason) {
        NodeId id = NodeId.of(node);
        return changed(id, () -> membership.fail(id, reason));
    }

    /**
     * @param node a node's name
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("records that a down or isolated node rejoined its scale unit; it gets its vote back")
    public String recoverNode(@Descriptor("node name") String node) {
        NodeId id = NodeId.of(node);
        return changed(id, () -> membership.recover(id));
    }

    /**
     * @param node a node's name
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("records that a node lost contact with the other members while running; it loses its vote")
    public String isolateNode(@Descriptor("node name") String node) {
        return isolateNode(node, "isolated by an operator");
    }

    /**
     * @param node a node's name
     * @param reason why
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("records that a node lost contact with the other members while running, and why")
    public String isolateNode(@Descriptor("node name") String node, @Descriptor("why, in quotes") String reason) {
        NodeId id = NodeId.of(node);
        return changed(id, () -> membership.isolate(id, reason));
    }

    /**
     * @param node a node's name
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("pauses an up node for maintenance (needs quorum); it keeps its vote")
    public String enterMaintenance(@Descriptor("node name") String node) {
        return enterMaintenance(node, "maintenance by an operator");
    }

    /**
     * @param node a node's name
     * @param reason why
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("pauses an up node for maintenance, and why (needs quorum); it keeps its vote")
    public String enterMaintenance(@Descriptor("node name") String node, @Descriptor("why, in quotes") String reason) {
        NodeId id = NodeId.of(node);
        return changed(id, () -> membership.enterMaintenance(id, reason));
    }

    /**
     * @param node a node's name
     * @return the change and the scale unit's quorum after it
     */
    @Descriptor("resumes a node from maintenance (needs quorum)")
    public String exitMaintenance(@Descriptor("node name") String node) {
        NodeId id = NodeId.of(node);
        return changed(id, () -> membership.exitMaintenance(id));
    }

    /**
     * @param scaleUnit a scale unit's name
     * @return the scale unit's quorum after the change
     */
    @Descriptor("records that a scale unit's witness became unreachable (fault injection)")
    public String failWitness(@Descriptor("scale unit name") String scaleUnit) {
        return witness(ScaleUnitId.of(scaleUnit), false);
    }

    /**
     * @param scaleUnit a scale unit's name
     * @return the scale unit's quorum after the change
     */
    @Descriptor("records that a scale unit's witness is reachable again")
    public String recoverWitness(@Descriptor("scale unit name") String scaleUnit) {
        return witness(ScaleUnitId.of(scaleUnit), true);
    }

    private String changed(NodeId node, Supplier<NodeStatus> change) {
        NodeState before = topology.status(node).state();
        NodeStatus after = change.get();
        return node + ": " + before + " -> " + after.state() + (after.reason().isEmpty() ? "" : " (" + after.reason()
                + ")") + "\n" + report.quorumLine(topology.scaleUnitOf(node));
    }

    private String witness(ScaleUnitId unit, boolean available) {
        membership.setWitnessAvailable(unit, available);
        return "witness of scale unit " + unit + ": " + (available ? "available" : "UNAVAILABLE") + "\n"
                + report.quorumLine(unit);
    }
}
