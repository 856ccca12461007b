package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
import fabric.api.compute.NodeAllocation;
import fabric.api.compute.VmStatus;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.lifecycle.Admission;
import fabric.api.lifecycle.AdmissionReason.Kind;
import fabric.api.lifecycle.AdmissionReason;
import fabric.api.lifecycle.Headroom;
import fabric.api.lifecycle.QuorumMargin;
import fabric.api.lifecycle.VolumeAdmission;
import fabric.api.storage.DiskState;
import fabric.api.storage.DiskStatus;
import fabric.api.storage.Layout;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeImpact;
import fabric.api.storage.VolumeStatus;
import fabric.api.topology.DiskRole;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Works out whether a node may be taken down now, with the figures, from the topology, compute and
 * storage services alone. The update run's pre-check is this check; the {@code update:admission}
 * command shows it.
 */
final class AdmissionCheck {

    private final Topology topology;
    private final ComputeService compute;
    private final StorageService storage;

    AdmissionCheck(Topology topology, ComputeService compute, StorageService storage) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.compute = Objects.requireNonNull(compute, "compute");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * @param node a node
     * @return the figures and every reason against taking it down
     * @throws FabricException {@code NOT_FOUND} for an unknown node
     */
    Admission assess(NodeId node) {
        ScaleUnitId su = topology.scaleUnitOf(node);
        NodeState state = topology.status(node).state();
        List<AdmissionReason> reasons = new ArrayList<>();
        if (state != NodeState.UP) {
            reasons.add(new AdmissionReason(Kind.NODE_NOT_UP, node + " is " + state + ", not up"));
        }
        List<NodeStatus> statuses = topology.statuses(su);
        for (NodeStatus other : statuses) {
            if (!other.node().equals(node) && other.state() != NodeState.UP) {
                reasons.add(new AdmissionReason(Kind.ANOTHER_NODE_OUT, other.node() + " is " + other.state()
                        + "; never two nodes out"));
            }
        }
        QuorumStatus q = topology.quorum(su);
        int without = Math.max(0, q.presentVotes() - (state == NodeState.UP ? 1 : 0));
        QuorumMargin quorum = new QuorumMargin(q.totalVotes(), q.requiredVotes(), q.presentVotes(), without);
        if (without < q.requiredVotes()) {
            reasons.add(new AdmissionReason(Kind.QUORUM, "taking " + node + " out would leave " + without + " of "
                    + q.totalVotes() + " votes, below the " + q.requiredVotes() + " quorum needs"));
        }
        Headroom headroom = headroom(su, node, statuses);
        if (!headroom.reserveHeld()) {
            reasons.add(new AdmissionReason(Kind.RESERVE, "the N-1 reserve of " + su
                    + " is not held: the VMs of " + node + " may have nowhere to go"));
        }
        if (!headroom.unplaceable().isEmpty()) {
            reasons.add(new AdmissionReason(Kind.PLACEMENT, "no other up node of " + su + " has room for "
                    + whyUnplaceable(su, node, headroom.unplaceable(), statuses) + " of " + node));
        }
        StoragePool pool = pool(su);
        List<VolumeAdmission> volumes = new ArrayList<>();
        long bytesOnNode = 0;
        Optional<MaintenanceImpact> impact = Optional.empty();
        if (pool != null) {
            List<DiskStatus> disks = pool.disks();
            Set<String> lostNow = lostFaultDomains(disks, statuses);
            Set<String> lostAfter = new LinkedHashSet<>(lostNow);
            boolean inPool = false;
            for (DiskStatus d : disks) {
                if (d.node().equals(node.value())) {
                    bytesOnNode += d.usedBytes();
                    inPool |= d.role() == DiskRole.CAPACITY;
                }
            }
            if (inPool) {
                lostAfter.add(node.value());
                impact = Optional.of(pool.maintenanceImpact(node));
            }
            Map<String, VolumeImpact> slabs = new LinkedHashMap<>();
            impact.ifPresent(i -> i.volumes().forEach(v -> slabs.put(v.volume(), v)));
            int faultDomains = pool.faultDomains();
            for (VolumeStatus v : pool.volumes()) {
                VolumeAdmission va = volume(v, faultDomains, lostNow.size(), lostAfter.size(), inPool,
                        slabs.get(v.name()));
                volumes.add(va);
                if (v.health() == VolumeHealth.RESYNCING) {
                    reasons.add(new AdmissionReason(Kind.RESYNC_IN_FLIGHT, "volume " + v.name() + " is resyncing ("
                            + v.staleBytes() + " bytes left)"));
                } else if (v.health() != VolumeHealth.HEALTHY || v.staleBytes() > 0) {
                    reasons.add(new AdmissionReason(Kind.VOLUME_UNHEALTHY, "volume " + v.name() + " is "
                            + v.health().name().toLowerCase() + (v.reason().isEmpty() ? "" : ": " + v.reason())));
                }
                VolumeImpact vi = slabs.get(v.name());
                if (va.healthAfter() == VolumeHealth.OFFLINE && v.health() != VolumeHealth.OFFLINE && vi != null) {
                    reasons.add(new AdmissionReason(Kind.VOLUME_OFFLINE, "volume " + v.name() + " (" + v.layout()
                            + ") would have " + vi.slabsOffline() + " of " + vi.slabs() + " slabs offline with " + node
                            + " down: fewer current columns than it needs"));
                } else if (va.healthAfter() == VolumeHealth.OFFLINE && v.health() != VolumeHealth.OFFLINE) {
                    reasons.add(new AdmissionReason(Kind.VOLUME_OFFLINE, "volume " + v.name() + " (" + v.layout()
                            + ") would lose " + lostAfter.size() + " fault domains with " + node + " down, more than"
                            + " the " + v.layout().redundancyColumns() + " it tolerates"));
                }
            }
        }
        return new Admission(node, su, state, quorum, headroom, bytesOnNode, volumes, reasons, impact);
    }

    /**
     * @param impact the storage engine's slab-by-slab figures for the volume, or {@code null}: then
     *        the health after is judged by counting fault domains, and slabs on the node are known
     *        only when every slab spans every fault domain
     */
    private static VolumeAdmission volume(VolumeStatus v, int faultDomains, int lostNow, int lostAfter,
            boolean inPool, VolumeImpact impact) {
        Layout layout = v.layout();
        VolumeHealth after;
        if (impact != null) {
            after = v.health() == VolumeHealth.OFFLINE || impact.slabsOffline() > 0 ? VolumeHealth.OFFLINE
                    : impact.slabsOnNode() > 0 || v.health() != VolumeHealth.HEALTHY ? VolumeHealth.DEGRADED
                    : VolumeHealth.HEALTHY;
            return new VolumeAdmission(v.name(), layout, v.health(), after, lostNow, Math.max(lostNow, lostAfter),
                    v.allocatedSlabs(), OptionalLong.of(impact.slabsOnNode()), OptionalLong.of(impact.bytesOnNode()),
                    v.staleBytes());
        }
        if (v.health() == VolumeHealth.OFFLINE || lostAfter > layout.redundancyColumns()) {
            after = VolumeHealth.OFFLINE;
        } else if (lostAfter > 0 || v.health() != VolumeHealth.HEALTHY) {
            after = VolumeHealth.DEGRADED;
        } else {
            after = VolumeHealth.HEALTHY;
        }
        OptionalLong slabs = OptionalLong.empty();
        OptionalLong bytes = OptionalLong.empty();
        if (!inPool) {
            slabs = OptionalLong.of(0);
            bytes = OptionalLong.of(0);
        } else if (layout.columns() >= faultDomains) {
            // Every slab has one column on each fault domain: the node holds one column of each.
            slabs = OptionalLong.of(v.allocatedSlabs());
            bytes = OptionalLong.of(v.footprintBytes() / layout.columns());
        }
        return new VolumeAdmission(v.name(), layout, v.health(), after, lostNow, Math.max(lostNow, lostAfter),
                v.allocatedSlabs(), slabs, bytes, v.staleBytes());
    }

    /** Fault domains of the pool away now: their node is not up, or one of their capacity disks is away. */
    private static Set<String> lostFaultDomains(List<DiskStatus> disks, List<NodeStatus> statuses) {
        Map<String, NodeState> states = new LinkedHashMap<>();
        statuses.forEach(s -> states.put(s.node().value(), s.state()));
        Set<String> lost = new LinkedHashSet<>();
        for (DiskStatus d : disks) {
            if (d.role() != DiskRole.CAPACITY) {
                continue;
            }
            NodeState s = states.get(d.node());
            if (s != null && s != NodeState.UP || d.state() == DiskState.FAILED || d.state() == DiskState.MAINTENANCE) {
                lost.add(d.node());
            }
        }
        return lost;
    }

    private Headroom headroom(ScaleUnitId su, NodeId node, List<NodeStatus> statuses) {
        boolean reserve = compute.failoverReserveHeld(su);
        List<VmStatus> all = compute.list();
        List<VmStatus> toMove = new ArrayList<>();
        for (VmStatus vm : all) {
            if (vm.state().holdsCapacity() && vm.node().filter(node::equals).isPresent()) {
                toMove.add(vm);
            }
        }
        Map<NodeId, NodeState> states = new LinkedHashMap<>();
        statuses.forEach(s -> states.put(s.node(), s.state()));
        List<Target> targets = new ArrayList<>(); // the other up nodes, with their free figures and groups
        for (NodeAllocation a : compute.allocations(su)) {
            if (!a.node().equals(node) && states.get(a.node()) == NodeState.UP) {
                targets.add(new Target(a.node(), a.vcpuCapacity() - a.vcpuUsed(), a.memoryCapacity() - a.memoryUsed(),
                        a.vcpuUsed(), a.memoryUsed()));
            }
        }
        // Where the affinity and anti-affinity groups run now, apart from the node to drain.
        Map<String, Set<NodeId>> affinityNodes = new LinkedHashMap<>();
        for (VmStatus vm : all) {
            if (!vm.state().holdsCapacity() || vm.node().isEmpty() || vm.node().get().equals(node)) {
                continue;
            }
            NodeId at = vm.node().get();
            vm.spec().affinityGroup().ifPresent(g -> affinityNodes.computeIfAbsent(g, k -> new LinkedHashSet<>())
                    .add(at));
            for (Target t : targets) {
                if (t.node.equals(at)) {
                    vm.spec().antiAffinityGroup().ifPresent(t.antiAffinity::add);
                }
            }
        }
        long vcpus = 0;
        long memory = 0;
        long freeVcpus = 0;
        long freeMemory = 0;
        for (VmStatus vm : toMove) {
            vcpus += vm.spec().vcpus();
            memory += vm.spec().memory().bytes();
        }
        for (Target t : targets) {
            freeVcpus += Math.max(0, t.freeVcpus);
            freeMemory += Math.max(0, t.freeMemory);
        }
        // The VMs of one affinity group move together, onto the node where the rest of their group runs.
        Map<String, List<VmStatus>> units = new LinkedHashMap<>();
        for (VmStatus vm : toMove) {
            units.computeIfAbsent(vm.spec().affinityGroup().map(g -> "affinity " + g).orElse("vm " + vm.name()),
                    k -> new ArrayList<>()).add(vm);
        }
        List<List<VmStatus>> order = new ArrayList<>(units.values());
        order.sort(Comparator.comparingLong((List<VmStatus> u) -> u.stream().mapToLong(v -> v.spec().memory()
                .bytes()).sum()).reversed().thenComparing(u -> u.get(0).name()));
        // First fit, largest memory first, onto copies of the free figures, keeping the hard rules of
        // placement: affinity groups together, anti-affinity groups apart.
        List<String> unplaceable = new ArrayList<>();
        for (List<VmStatus> unit : order) {
            long c = unit.stream().mapToLong(v -> v.spec().vcpus()).sum();
            long m = unit.stream().mapToLong(v -> v.spec().memory().bytes()).sum();
            String affinity = unit.get(0).spec().affinityGroup().orElse(null);
            Set<NodeId> together = affinity == null ? Set.of() : affinityNodes.getOrDefault(affinity, Set.of());
            List<String> anti = new ArrayList<>();
            for (VmStatus v : unit) {
                v.spec().antiAffinityGroup().ifPresent(anti::add);
            }
            boolean apartWithin = anti.stream().distinct().count() < anti.size(); // two of one group in one unit
            Target fit = null;
            for (Target t : targets) {
                if (!apartWithin && (together.isEmpty() || together.contains(t.node))
                        && anti.stream().noneMatch(t.antiAffinity::contains) && t.freeVcpus >= c && t.freeMemory >= m) {
                    fit = t;
                    break;
                }
            }
            if (fit == null) {
                unit.forEach(v -> unplaceable.add(v.name()));
            } else {
                fit.freeVcpus -= c;
                fit.freeMemory -= m;
                fit.antiAffinity.addAll(anti);
            }
        }
        unplaceable.sort(null);
        // With the node drained, could the others still absorb losing any one of them?
        boolean reserveAfter = unplaceable.isEmpty();
        long roomVcpus = targets.stream().mapToLong(t -> Math.max(0, t.freeVcpus)).sum();
        long roomMemory = targets.stream().mapToLong(t -> Math.max(0, t.freeMemory)).sum();
        for (int i = 0; i < targets.size() && reserveAfter; i++) {
            Target t = targets.get(i);
            long loadVcpus = t.usedVcpus + (t.initialVcpus - t.freeVcpus);
            long loadMemory = t.usedMemory + (t.initialMemory - t.freeMemory);
            reserveAfter = loadVcpus <= roomVcpus - Math.max(0, t.freeVcpus)
                    && loadMemory <= roomMemory - Math.max(0, t.freeMemory);
        }
        return new Headroom(reserve, toMove.size(), vcpus, memory, freeVcpus, freeMemory, unplaceable, reserveAfter);
    }

    /**
     * Why each VM of the node cannot be placed elsewhere, for the reason's text: room, or the group
     * rules (an affinity group whose other members run only on nodes that are out, an anti-affinity
     * group with a member on every other up node).
     */
    private String whyUnplaceable(ScaleUnitId su, NodeId node, List<String> names, List<NodeStatus> statuses) {
        Map<NodeId, NodeState> states = new LinkedHashMap<>();
        statuses.forEach(s -> states.put(s.node(), s.state()));
        List<VmStatus> all = compute.list();
        List<String> out = new ArrayList<>();
        for (String name : names) {
            VmStatus vm = all.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
            String why = "";
            if (vm != null && vm.spec().affinityGroup().isPresent()) {
                String g = vm.spec().affinityGroup().get();
                List<String> elsewhere = all.stream().filter(o -> o.spec().affinityGroup().filter(g::equals).isPresent()
                        && o.state().holdsCapacity() && o.node().isPresent() && !o.node().get().equals(node))
                        .map(o -> o.node().get()).distinct().filter(n -> states.get(n) != NodeState.UP)
                        .map(n -> n + " (" + states.get(n) + ")").toList();
                if (!elsewhere.isEmpty()) {
                    why = " (affinity group " + g + " runs on " + String.join(", ", elsewhere) + ")";
                }
            }
            if (why.isEmpty() && vm != null && vm.spec().antiAffinityGroup().isPresent()) {
                String g = vm.spec().antiAffinityGroup().get();
                long upNodes = states.entrySet().stream().filter(e -> !e.getKey().equals(node)
                        && e.getValue() == NodeState.UP).count();
                long taken = all.stream().filter(o -> o.spec().antiAffinityGroup().filter(g::equals).isPresent()
                        && o.state().holdsCapacity() && o.node().isPresent() && !o.node().get().equals(node)
                        && states.get(o.node().get()) == NodeState.UP).map(o -> o.node().get()).distinct().count();
                if (taken >= upNodes) {
                    why = " (anti-affinity group " + g + " has a VM on every other up node)";
                }
            }
            out.add(name + why);
        }
        return String.join(", ", out);
    }

    /** Another up node as the first fit sees it. */
    private static final class Target {
        final NodeId node;
        final long initialVcpus;
        final long initialMemory;
        final long usedVcpus;
        final long usedMemory;
        long freeVcpus;
        long freeMemory;
        final Set<String> antiAffinity = new LinkedHashSet<>();

        Target(NodeId node, long freeVcpus, long freeMemory, long usedVcpus, long usedMemory) {
            this.node = node;
            this.initialVcpus = freeVcpus;
            this.initialMemory = freeMemory;
            this.freeVcpus = freeVcpus;
            this.freeMemory = freeMemory;
            this.usedVcpus = usedVcpus;
            this.usedMemory = usedMemory;
        }
    }

    private StoragePool pool(ScaleUnitId su) {
        try {
            return storage.pool(su);
        } catch (FabricException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
