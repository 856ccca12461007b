package fabric.cluster.internal;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.Resources;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.topology.FailoverAssessment;
import fabric.api.topology.FailoverCapacity;
import fabric.api.topology.Membership;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.Topology;
import fabric.api.topology.Workload;
import fabric.cluster.internal.capacity.FirstFitFailoverCapacity;
import fabric.cluster.internal.membership.LiveTopology;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The fabric's topology, membership and N-1 check as services. Reads the topology file named by
 * configuration {@code fabric.cluster} (or the framework property {@code fabric.topology}), restores
 * membership from the journal and tells every {@link MembershipListener} service of changes.
 *
 * <p>Activation fails with the parser's {@link FabricException} when the topology file is invalid.
 * The component is delayed, so a launcher that checks the file with the {@link fabric.api.topology.TopologyParser}
 * service first reports a bad file before anything tries to activate it.
 */
@Component(configurationPid = ClusterConfig.PID,
        service = {Topology.class, Membership.class, FailoverCapacity.class})
@Designate(ocd = ClusterConfig.class)
public final class ClusterComponent implements Topology, Membership, FailoverCapacity {

    private final LiveTopology live;
    private final FailoverCapacity capacity;

    /**
     * @param journal where membership changes are recorded and restored from
     * @param config the topology file and the known vendors
     * @param context for the framework property {@code fabric.topology}
     * @throws FabricException {@code INVALID_ARGUMENT} for an invalid or unnamed topology file
     */
    @Activate
    public ClusterComponent(@Reference(name = "journal") Journal journal, ClusterConfig config, BundleContext context) {
        Path file = topologyFile(config.topology(), context.getProperty(ClusterConfig.TOPOLOGY_PROPERTY));
        RegionSpec region = TopologyParserComponent.parser(config.vendors(), context).read(file);
        this.live = new LiveTopology(region, journal, Clock.systemUTC());
        this.capacity = new FirstFitFailoverCapacity(live);
    }

    /**
     * @param configured the configured file; may be empty
     * @param frameworkProperty the framework property's value; may be {@code null}
     * @return the topology file: the configured one, else the framework property's
     * @throws FabricException {@code INVALID_ARGUMENT} when neither names a file
     */
    static Path topologyFile(String configured, String frameworkProperty) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        if (frameworkProperty != null && !frameworkProperty.isBlank()) {
            return Path.of(frameworkProperty.strip());
        }
        throw FabricException.invalid("topology", "no topology file: set 'topology' in configuration "
                + ClusterConfig.PID + " or the framework property " + ClusterConfig.TOPOLOGY_PROPERTY);
    }

    @Reference(name = "listeners", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeListener")
    void addListener(MembershipListener listener) {
        live.addListener(listener);
    }

    void removeListener(MembershipListener listener) {
        live.removeListener(listener);
    }

    @Override
    public RegionSpec region() {
        return live.region();
    }

    @Override
    public ScaleUnitSpec scaleUnit(ScaleUnitId id) {
        return live.scaleUnit(id);
    }

    @Override
    public NodeSpec node(NodeId id) {
        return live.node(id);
    }

    @Override
    public ScaleUnitId scaleUnitOf(NodeId id) {
        return live.scaleUnitOf(id);
    }

    @Override
    public NodeStatus status(NodeId id) {
        return live.status(id);
    }

    @Override
    public List<NodeStatus> statuses(ScaleUnitId id) {
        return live.statuses(id);
    }

    @Override
    public QuorumStatus quorum(ScaleUnitId id) {
        return live.quorum(id);
    }

    @Override
    public void requireQuorum(ScaleUnitId id) {
        live.requireQuorum(id);
    }

    @Override
    public NodeStatus fail(NodeId node, String reason) {
        return live.fail(node, reason);
    }

    @Override
    public NodeStatus recover(NodeId node) {
        return live.recover(node);
    }

    @Override
    public NodeStatus isolate(NodeId node, String reason) {
        return live.isolate(node, reason);
    }

    @Override
    public NodeStatus enterMaintenance(NodeId node, String reason) {
        return live.enterMaintenance(node, reason);
    }

    @Override
    public NodeStatus exitMaintenance(NodeId node) {
        return live.exitMaintenance(node);
    }

    @Override
    public QuorumStatus setWitnessAvailable(ScaleUnitId scaleUnit, boolean available) {
        return live.setWitnessAvailable(scaleUnit, available);
    }

    @Override
    public FailoverAssessment assess(ScaleUnitId scaleUnit, Map<NodeId, Resources> nodeCapacity,
            Map<NodeId, List<Workload>> placement) {
        return capacity.assess(scaleUnit, nodeCapacity, placement);
    }

    @Override
    public FailoverAssessment assess(ScaleUnitId scaleUnit, Map<NodeId, List<Workload>> placement) {
        return capacity.assess(scaleUnit, placement);
    }
}
