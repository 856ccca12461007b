package fabric.compute.internal;

import fabric.api.compute.AvailabilitySetSpec;
import fabric.api.compute.AvailabilitySetStatus;
import fabric.api.compute.ComputeService;
import fabric.api.compute.DrainReport;
import fabric.api.compute.GuestDeviceProvider;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.Hypervisor;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.NodeAllocation;
import fabric.api.compute.PlacementExplanation;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.topology.Membership;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.Topology;
import fabric.compute.internal.engine.ComputeEngine;
import fabric.compute.internal.engine.ComputeSettings;
import fabric.compute.internal.hypervisor.MigrationModel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Compute as a service: a {@link ComputeEngine} over the region's topology, restored from the
 * journal at activation. Delayed, so that nothing activates the topology before a launcher has
 * checked its file; {@link ComputeKeeper} activates it on first use or at the first membership
 * change, keeps it active and forwards membership changes to it (at activation the engine also
 * catches up with every change it missed, from the topology's state).
 *
 * <p>Hypervisor drivers are plugins: a {@link Hypervisor} service drives the node it names, the
 * embedded driver every other node. The drivers are taken at activation (reluctantly: a driver that
 * arrives later is used from the next activation); a driver that goes away restarts compute, which
 * then defines that node's VMs on the embedded driver again from the journal.
 */
@Component(configurationPid = ComputeConfig.PID, service = ComputeService.class)
@Designate(ocd = ComputeConfig.class)
public final class ComputeComponent implements ComputeService, MembershipListener {

    private final ComputeEngine engine;
    private final DeviceProviders devices = new DeviceProviders();

    /**
     * @param topology the region and its live state
     * @param membership where drained nodes are put in maintenance
     * @param journal where changes are recorded and restored from
     * @param plugins hypervisor drivers registered as services, each for the node it names
     * @param config overcommit and migration settings
     */
    @Activate
    public ComputeComponent(@Reference(name = "topology") Topology topology,
            @Reference(name = "membership") Membership membership, @Reference(name = "journal") Journal journal,
            @Reference(name = "hypervisors", service = Hypervisor.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.RELUCTANT) List<Hypervisor> plugins,
            ComputeConfig config) {
        MigrationModel model = new MigrationModel(config.maxPreCopyRounds(),
                Duration.ofMillis(config.blackoutTargetMillis()), MigrationModel.DEFAULT.switchover(),
                MigrationModel.DEFAULT.pageSize());
        ComputeSettings settings = new ComputeSettings(config.vcpuOvercommit(), config.dirtyFractionPerSecond(), model);
        this.engine = new ComputeEngine(topology, membership, journal, Clock.systemUTC(),
                devices.wrap(drivers(plugins, settings)));
    }

    /**
     * A device provider arrived: it hears of every VM defined from now on, and is offered the VMs
     * that already have a node.
     *
     * @param provider the provider
     */
    @Reference(name = "deviceProviders", service = GuestDeviceProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDeviceProvider")
    void addDeviceProvider(GuestDeviceProvider provider) {
        devices.add(provider);
        for (VmStatus vm : engine.list()) {
            engine.endpoint(vm.spec().name()).ifPresent(e -> DeviceProviders.offer(provider, e, vm.spec()));
        }
    }

    void removeDeviceProvider(GuestDeviceProvider provider) {
        devices.remove(provider);
    }

    /**
     * The driver of each node: a {@link Hypervisor} service registered for it (the first by service
     * ranking), else the embedded driver.
     */
    static Function<NodeSpec, Hypervisor> drivers(List<Hypervisor> plugins, ComputeSettings settings) {
        Function<NodeSpec, Hypervisor> embedded = ComputeEngine.embeddedDrivers(settings);
        return node -> {
            for (Hypervisor plugin : plugins) {
                if (plugin.node().equals(node.id())) {
                    return plugin;
                }
            }
            return embedded.apply(node);
        };
    }

    @Override
    public void nodeStateChanged(NodeStateChanged change, QuorumStatus quorum) {
        engine.nodeStateChanged(change, quorum);
    }

    @Override
    public VmStatus create(VmSpec spec) {
        Objects.requireNonNull(spec, "spec");
        devices.check(spec);
        return engine.create(spec);
    }

    @Override
    public VmStatus start(String vm) {
        return engine.start(vm);
    }

    @Override
    public VmStatus stop(String vm) {
        return engine.stop(vm);
    }

    @Override
    public VmStatus restart(String vm) {
        return engine.restart(vm);
    }

    @Override
    public VmStatus resize(String vm, int vcpus, ByteSize memory) {
        return engine.resize(vm, vcpus, memory);
    }

    @Override
    public void delete(String vm) {
        engine.delete(vm);
    }

    @Override
    public MigrationReport migrate(String vm, Optional<NodeId> target) {
        return engine.migrate(vm, target);
    }

    @Override
    public DrainReport drainNode(NodeId node) {
        return engine.drainNode(node);
    }

    @Override
    public List<VmStatus> list() {
        return engine.list();
    }

    @Override
    public VmStatus get(String vm) {
        return engine.get(vm);
    }

    @Override
    public PlacementExplanation explain(String vm) {
        return engine.explain(vm);
    }

    @Override
    public PlacementExplanation explain(VmSpec spec) {
        return engine.explain(spec);
    }

    @Override
    public AvailabilitySetStatus createAvailabilitySet(AvailabilitySetSpec spec) {
        return engine.createAvailabilitySet(spec);
    }

    @Override
    public List<AvailabilitySetStatus> availabilitySets() {
        return engine.availabilitySets();
    }

    @Override
    public List<NodeAllocation> allocations(ScaleUnitId scaleUnit) {
        return engine.allocations(scaleUnit);
    }

    @Override
    public boolean failoverReserveHeld(ScaleUnitId scaleUnit) {
        return engine.failoverReserveHeld(scaleUnit);
    }

    @Override
    public Optional<GuestEndpoint> endpoint(String vm) {
        return engine.endpoint(vm);
    }
}
