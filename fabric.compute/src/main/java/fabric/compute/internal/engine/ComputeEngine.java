package fabric.compute.internal.engine;

import fabric.api.compute.AvailabilitySetCreated;
import fabric.api.compute.AvailabilitySetSpec;
import fabric.api.compute.AvailabilitySetStatus;
import fabric.api.compute.ComputeService;
import fabric.api.compute.DrainReport;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.Hypervisor;
import fabric.api.compute.HypervisorCapacity;
import fabric.api.compute.HypervisorEvent;
import fabric.api.compute.HypervisorEventKind;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.NodeAllocation;
import fabric.api.compute.PlacementExplanation;
import fabric.api.compute.VmDefined;
import fabric.api.compute.VmResized;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.topology.Membership;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumState;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.Topology;
import fabric.compute.internal.hypervisor.EmbeddedHypervisor;
import fabric.compute.internal.placement.Demand;
import fabric.compute.internal.placement.ExhaustivePlacer;
import fabric.compute.internal.placement.Fleet;
import fabric.compute.internal.placement.IndexedPlacer;
import fabric.compute.internal.placement.PlacementRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Compute for a region: the {@link ComputeService} and the reaction to membership changes (restart
 * the VMs of a failed node elsewhere, by priority; retry failed VMs when a node returns or quorum
 * comes back). Plain Java; the OSGi component wraps it.
 *
 * <p>Every change is journaled first and then applied to the {@link ComputeState} by the same code
 * that replays the journal at start-up. Changes are serialized by one lock; membership changes
 * arrive with the cluster's change lock held, so this class never calls {@link Membership} while
 * holding its own lock.
 */
public final class ComputeEngine implements ComputeService, MembershipListener {

    private final Topology topology;
    private final Membership membership;
    private final Journal journal;
    private final Clock clock;
    private final Fleet fleet;
    private final ComputeState state;
    private final IndexedPlacer placer;
    private final ExhaustivePlacer reference;
    private final Map<NodeId, Hypervisor> drivers = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Changes changes;
    private final Failover failover;
    private final MovePlanner planner;

    /**
     * Builds compute for the topology's region and restores it from the journal.
     *
     * @param topology the region and its live state
     * @param membership where a drained node is put in maintenance
     * @param journal where changes are recorded and restored from
     * @param clock the time of changes
     * @param settings overcommit and migration behaviour
     */
    public ComputeEngine(Topology topology, Membership membership, Journal journal, Clock clock,
            ComputeSettings settings) {
        this(topology, membership, journal, clock, embeddedDrivers(settings));
    }

    /**
     * Builds compute with hypervisor drivers of the caller's choice and restores it from the journal.
     *
     * @param topology the region and its live state
     * @param membership where a drained node is put in maintenance
     * @param journal where changes are recorded and restored from
     * @param clock the time of changes
     * @param drivers makes the driver of each node; it offers what its {@link Hypervisor#capacity()} says
     */
    public ComputeEngine(Topology topology, Membership membership, Journal journal, Clock clock,
            Function<NodeSpec, Hypervisor> drivers) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<Fleet.UnitShape> units = new ArrayList<>();
        for (ScaleUnitSpec unit : topology.region().scaleUnits()) {
            List<Fleet.NodeShape> nodes = new ArrayList<>();
            for (NodeSpec node : unit.nodes()) {
                Hypervisor driver = Objects.requireNonNull(drivers.apply(node), "driver");
                if (!driver.node().equals(node.id())) {
                    throw new IllegalArgumentException("the driver for " + node.id() + " runs " + driver.node());
                }
                driver.addListener(this::hypervisorEvent);
                this.drivers.put(node.id(), driver);
                nodes.add(new Fleet.NodeShape(node.id(), driver.capacity().vcpus(), driver.capacity().memoryBytes()));
            }
            units.add(new Fleet.UnitShape(unit.id(), nodes));
        }
        this.fleet = new Fleet(units);
        this.state = new ComputeState(fleet);
        this.placer = new IndexedPlacer(fleet);
        this.reference = new ExhaustivePlacer(fleet);
        this.changes = new Changes(topology, journal, clock, state, this.drivers);
        this.failover = new Failover(state, placer, reference, changes);
        this.planner = new MovePlanner(state, placer, reference);
        lock.lock();
        try {
            journal.replay(0, state::apply);
            refreshMembership();
            recover();
        } finally {
            lock.unlock();
        }
    }

    private void refreshMembership() {
        for (int u = 0; u < fleet.unitCount(); u++) {
            ScaleUnitId unit = fleet.unitId(u);
            fleet.setQuorum(u, topology.quorum(unit).state() != QuorumState.OFFLINE);
            for (NodeStatus status : topology.statuses(unit)) {
                fleet.setState(fleet.node(status.node()), status.state());
            }
        }
    }

    /** Completes what a stop of the fabric interrupted, redefines the VMs on their drivers, fails those of down nodes. */
    private void recover() {
        for (VmRecord r : List.copyOf(state.vms.values())) {
            switch (r.state) {
                case CREATING -> changes.transition(r, VmState.FAILED, null, "creation was interrupted");
                case STARTING, MIGRATING -> changes.transition(r, VmState.RUNNING, r.node, "completed at start-up");
                case STOPPING -> changes.transition(r, VmState.STOPPED, r.node, "completed at start-up");
                default -> {
                }
            }
        }
        for (VmRecord r : state.vms.values()) {
            if (r.node != null) {
                Hypervisor driver = changes.driver(r.node);
                driver.define(r.spec);
                if (r.state == VmState.RUNNING) {
                    driver.start(r.spec.name());
                }
            }
        }
        for (int node = 0; node < fleet.nodeCount(); node++) {
            if (fleet.state(node) == NodeState.DOWN && !fleet.hosted(node).isEmpty()) {
                String why = topology.status(fleet.nodeId(node)).reason();
                failover.failVmsOn(node, "node " + fleet.nodeId(node) + " failed" + (why.isEmpty() ? "" : ": " + why));
            }
        }
        failover.restartFailed();
    }

    // ---------------------------------------------------------------- ComputeService

    @Override
    public VmStatus create(VmSpec spec) {
        Objects.requireNonNull(spec, "spec");
        lock.lock();
        try {
            if (state.vms.containsKey(spec.name())) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, "vm " + spec.name() + " exists already");
            }
            int[] domains = domains(spec);
            Demand demand = Demand.of(spec, domains[0], domains[1]);
            requireSomeQuorum();
            int node = placer.choose(PlacementRequest.create(demand));
            if (node < 0) {
                throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "no node can take vm " + spec.name() + ": "
                        + reference.explain(PlacementRequest.create(demand)).rejections());
            }
            NodeId target = fleet.nodeId(node);
            changes.driver(target).define(spec);
            changes.record(VmDefined.TYPE, VmDefined.of(spec, domains[0], domains[1]));
            VmRecord r = state.vm(spec.name());
            changes.transition(r, VmState.STOPPED, target, "created");
            changes.startOn(r);
            failover.restartFailed();
            return r.status();
        } finally {
            lock.unlock();
        }
    }

    /** Azure's assignment: the least populated fault and update domain of the set, lowest index first. */
    private int[] domains(VmSpec spec) {
        if (spec.availabilitySet().isEmpty()) {
            return new int[] {-1, -1};
        }
        AvailabilitySetSpec set = state.sets.get(spec.availabilitySet().get());
        if (set == null) {
            throw FabricException.notFound("availability set", spec.availabilitySet().get());
        }
        int[] fd = new int[set.faultDomains()];
        int[] ud = new int[set.updateDomains()];
        for (VmRecord r : state.vms.values()) {
            if (r.spec.availabilitySet().equals(spec.availabilitySet())) {
                fd[r.faultDomain]++;
                ud[r.updateDomain]++;
            }
        }
        return new int[] {leastPopulated(fd), leastPopulated(ud)};
    }

    private static int leastPopulated(int[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] < counts[best]) {
                best = i;
            }
        }
        return best;
    }

    private void requireSomeQuorum() {
        for (int u = 0; u < fleet.unitCount(); u++) {
            if (fleet.quorum(u)) {
                return;
            }
        }
        topology.requireQuorum(fleet.unitId(0));
    }

    @Override
    public VmStatus start(String vm) {
        lock.lock();
        try {
            VmRecord r = state.vm(vm);
            r.state.requireChangeTo(vm, VmState.STARTING);
            requireQuorum(r);
            if (r.state == VmState.FAILED) {
                int unit = fleet.unitOf(fleet.node(r.lastNode));
                PlacementRequest request = new PlacementRequest(r.demand(), unit, true);
                int node = placer.choose(request);
                if (node < 0) {
                    throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "no node can start vm " + vm + ": "
                            + reference.explain(request).rejections());
                }
                changes.driver(fleet.nodeId(node)).define(r.spec);
                changes.transition(r, VmState.STARTING, fleet.nodeId(node), "started by an operator");
                changes.driver(r.node).start(vm);
                changes.transition(r, VmState.RUNNING, r.node, "");
            } else {
                changes.startOn(r);
            }
            return r.status();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public VmStatus stop(String vm) {
        lock.lock();
        try {
            VmRecord r = state.vm(vm);
            r.state.requireChangeTo(vm, VmState.STOPPING);
            requireQuorum(r);
            changes.transition(r, VmState.STOPPING, r.node, "stopped by an operator");
            changes.driver(r.node).stop(vm);
            changes.transition(r, VmState.STOPPED, r.node, "stopped by an operator");
            return r.status();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public VmStatus restart(String vm) {
        lock.lock();
        try {
            stop(vm);
            return start(vm);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public VmStatus resize(String vm, int vcpus, ByteSize memory) {
        lock.lock();
        try {
            VmRecord r = state.vm(vm);
            VmSpec resized = r.spec.resized(vcpus, memory);
            if (r.state != VmState.STOPPED) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " is " + r.state
                        + "; stop it before resizing");
            }
            requireQuorum(r);
            planner.requireFitsInPlace(r, Demand.of(resized, r.faultDomain, r.updateDomain));
            changes.driver(r.node).redefine(resized);
            changes.record(VmResized.TYPE, new VmResized(vm, vcpus, memory.bytes()));
            failover.restartFailed();
            return r.status();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(String vm) {
        lock.lock();
        try {
            VmRecord r = state.vm(vm);
            if (!r.state.canChangeTo(VmState.DELETED)) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " is " + r.state
                        + "; stop it before deleting it");
            }
            requireQuorum(r);
            if (r.node != null) {
                changes.driver(r.node).undefine(vm);
            }
            changes.transition(r, VmState.DELETED, null, "deleted by an operator");
            failover.restartFailed();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MigrationReport migrate(String vm, Optional<NodeId> target) {
        Objects.requireNonNull(target, "target");
        lock.lock();
        try {
            VmRecord r = state.vm(vm);
            if (r.state != VmState.RUNNING && r.state != VmState.STOPPED) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " is " + r.state
                        + "; only a running or stopped VM moves");
            }
            requireQuorum(r);
            if (target.isPresent()) {
                topology.node(target.get());
                if (target.get().equals(r.node)) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " is on " + r.node + " already");
                }
            }
            NodeId chosen = planner.target(r, target);
            MigrationReport report = changes.move(r, chosen, "by an operator");
            failover.restartFailed();
            return report;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DrainReport drainNode(NodeId node) {
        Objects.requireNonNull(node, "node");
        List<MigrationReport> moves = new ArrayList<>();
        int index;
        lock.lock();
        try {
            topology.node(node);
            index = fleet.node(node);
            ScaleUnitId unit = fleet.unitId(fleet.unitOf(index));
            topology.requireQuorum(unit);
            if (fleet.state(index) != NodeState.UP) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, node + " is " + fleet.state(index)
                        + "; only an up node is drained");
            }
            List<VmRecord> victims = planner.victims(index);
            fleet.setDraining(index, true);
            Map<VmRecord, NodeId> plan;
            try {
                plan = planner.plan(victims, index);
            } catch (RuntimeException e) {
                fleet.setDraining(index, false);
                throw e;
            }
            for (Map.Entry<VmRecord, NodeId> step : plan.entrySet()) {
                moves.add(changes.move(step.getKey(), step.getValue(), "drain of " + node));
            }
            failover.restartFailed();
        } finally {
            lock.unlock();
        }
        try {
            membership.enterMaintenance(node, "drained by compute");
        } finally {
            lock.lock();
            try {
                fleet.setDraining(index, false);
            } finally {
                lock.unlock();
            }
        }
        return new DrainReport(node, moves);
    }

    @Override
    public List<VmStatus> list() {
        lock.lock();
        try {
            return state.vms.values().stream().map(VmRecord::status).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public VmStatus get(String vm) {
        lock.lock();
        try {
            return state.vm(vm).status();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PlacementExplanation explain(String vm) {
        lock.lock();
        try {
            VmRecord r = state.vm(vm);
            Fleet.Placed placed = fleet.remove(vm);
            try {
                NodeId home = r.node != null ? r.node : r.lastNode;
                int unit = home == null ? -1 : fleet.unitOf(fleet.node(home));
                return reference.explain(new PlacementRequest(r.demand(), unit, true));
            } finally {
                if (placed != null) {
                    fleet.place(placed.demand(), placed.node());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PlacementExplanation explain(VmSpec spec) {
        lock.lock();
        try {
            int[] domains = domains(spec);
            return reference.explain(PlacementRequest.create(Demand.of(spec, domains[0], domains[1])));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public AvailabilitySetStatus createAvailabilitySet(AvailabilitySetSpec spec) {
        Objects.requireNonNull(spec, "spec");
        lock.lock();
        try {
            if (state.sets.containsKey(spec.name())) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, "availability set " + spec.name() + " exists already");
            }
            int largest = topology.region().scaleUnits().stream().mapToInt(u -> u.nodes().size()).max().orElse(0);
            if (spec.faultDomains() > largest) {
                throw FabricException.invalid("fault-domains", spec.faultDomains() + " fault domains, but the largest"
                        + " scale unit has " + largest + " nodes (a fault domain is a node)");
            }
            requireSomeQuorum();
            changes.record(AvailabilitySetCreated.TYPE, new AvailabilitySetCreated(spec.name(), spec.faultDomains(),
                    spec.updateDomains()));
            return setStatus(spec);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AvailabilitySetStatus> availabilitySets() {
        lock.lock();
        try {
            return state.sets.values().stream().map(this::setStatus).toList();
        } finally {
            lock.unlock();
        }
    }

    private AvailabilitySetStatus setStatus(AvailabilitySetSpec spec) {
        List<String> members = new ArrayList<>();
        Map<NodeId, Integer> perNode = new TreeMap<>();
        for (VmRecord r : state.vms.values()) {
            if (r.spec.availabilitySet().equals(Optional.of(spec.name()))) {
                members.add(r.spec.name());
                if (r.node != null) {
                    perNode.merge(r.node, 1, Integer::sum);
                }
            }
        }
        return new AvailabilitySetStatus(spec, members, perNode);
    }

    @Override
    public List<NodeAllocation> allocations(ScaleUnitId scaleUnit) {
        lock.lock();
        try {
            topology.scaleUnit(scaleUnit);
            List<NodeAllocation> result = new ArrayList<>();
            for (int node : fleet.unitNodes(fleet.unit(scaleUnit))) {
                result.add(new NodeAllocation(fleet.nodeId(node), fleet.state(node), fleet.vcpuCapacity(node),
                        fleet.vcpuUsed(node), fleet.memoryCapacity(node), fleet.memoryUsed(node),
                        fleet.hosted(node).size()));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean failoverReserveHeld(ScaleUnitId scaleUnit) {
        lock.lock();
        try {
            topology.scaleUnit(scaleUnit);
            return fleet.reserveHeld(fleet.unit(scaleUnit));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<GuestEndpoint> endpoint(String vm) {
        lock.lock();
        try {
            VmRecord r = state.vm(vm);
            return r.node == null ? Optional.empty() : Optional.of(changes.driver(r.node).endpoint(vm));
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param settings overcommit and migration behaviour
     * @return a factory of the default drivers: one {@link EmbeddedHypervisor} per node, offering its
     *         cores times the overcommit ratio and all its memory
     */
    public static Function<NodeSpec, Hypervisor> embeddedDrivers(ComputeSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return node -> new EmbeddedHypervisor(node.id(),
                new HypervisorCapacity(node.cores(), settings.vcpuOvercommit(), node.memoryBytes()),
                settings.migration(), settings.dirtyFractionPerSecond());
    }

    /**
     * @param node a node
     * @return its hypervisor driver, for fault injection and inspection
     */
    public Hypervisor hypervisor(NodeId node) {
        return changes.driver(node);
    }

    // ---------------------------------------------------------------- failures

    @Override
    public void nodeStateChanged(NodeStateChanged change, QuorumStatus quorum) {
        lock.lock();
        try {
            int node = fleet.node(NodeId.of(change.node()));
            if (node < 0) {
                return;
            }
            fleet.setState(node, change.to());
            fleet.setQuorum(fleet.unitOf(node), quorum.state() != QuorumState.OFFLINE);
            if (change.to() == NodeState.DOWN) {
                failover.failVmsOn(node, "node " + change.node() + " failed" + (change.reason().isEmpty() ? ""
                        : ": " + change.reason()));
            }
            failover.restartFailed();
        } finally {
            lock.unlock();
        }
    }

    private void hypervisorEvent(HypervisorEvent event) {
        if (event.kind() != HypervisorEventKind.CRASHED) {
            return;
        }
        lock.lock();
        try {
            VmRecord r = state.vms.get(event.vm());
            if (r != null && r.state.running() && event.node().equals(r.node)) {
                changes.driver(r.node).undefine(r.spec.name());
                changes.transition(r, VmState.FAILED, null, "guest crashed on " + event.node());
                failover.restartFailed();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void requireQuorum(VmRecord r) {
        NodeId home = r.node != null ? r.node : r.lastNode;
        if (home != null) {
            topology.requireQuorum(topology.scaleUnitOf(home));
        }
    }

}
