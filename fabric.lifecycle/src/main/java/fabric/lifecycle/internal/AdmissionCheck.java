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
                    + String.join(", ", headroom.unplaceable()) + " of " + node));
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
        List<VmStatus> toMove = new ArrayList<>();
        for (VmStatus vm : compute.list()) {
            if (vm.state().holdsCapacity() && vm.node().filter(node::equals).isPresent()) {
                toMove.add(vm);
            }
        }
        Map<NodeId, NodeState> states = new LinkedHashMap<>();
        statuses.forEach(s -> states.put(s.node(), s.state()));
        List<long[]> free = new ArrayList<>(); // {vcpus, memory} per other up node
        List<long[]> used = new ArrayList<>();
        for (NodeAllocation a : compute.allocations(su)) {
            if (!a.node().equals(node) && states.get(a.node()) == NodeState.UP) {
                free.add(new long[] {a.vcpuCapacity() - a.vcpuUsed(), a.memoryCapacity() - a.memoryUsed()});
                used.add(new long[] {a.vcpuUsed(), a.memoryUsed()});
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
        for (long[] f : free) {
            freeVcpus += Math.max(0, f[0]);
            freeMemory += Math.max(0, f[1]);
        }
        // First fit, largest memory first, onto copies of the free figures.
        List<long[]> room = new ArrayList<>();
        free.forEach(f -> room.add(f.clone()));
        List<String> unplaceable = new ArrayList<>();
        List<VmStatus> order = new ArrayList<>(toMove);
        order.sort(Comparator.comparingLong((VmStatus vm) -> vm.spec().memory().bytes()).reversed()
                .thenComparing(VmStatus::name));
        for (VmStatus vm : order) {
            long c = vm.spec().vcpus();
            long m = vm.spec().memory().bytes();
            long[] fit = room.stream().filter(r -> r[0] >= c && r[1] >= m).findFirst().orElse(null);
            if (fit == null) {
                unplaceable.add(vm.name());
            } else {
                fit[0] -= c;
                fit[1] -= m;
            }
        }
        unplaceable.sort(null);
        // With the node drained, could the others still absorb losing any one of them?
        boolean reserveAfter = unplaceable.isEmpty();
        long roomVcpus = room.stream().mapToLong(r -> Math.max(0, r[0])).sum();
        long roomMemory = room.stream().mapToLong(r -> Math.max(0, r[1])).sum();
        for (int i = 0; i < room.size() && reserveAfter; i++) {
            long[] r = room.get(i);
            long[] u = used.get(i);
            long loadVcpus = u[0] + (free.get(i)[0] - r[0]);
            long loadMemory = u[1] + (free.get(i)[1] - r[1]);
            reserveAfter = loadVcpus <= roomVcpus - Math.max(0, r[0]) && loadMemory <= roomMemory - Math.max(0, r[1]);
        }
        return new Headroom(reserve, toMove.size(), vcpus, memory, freeVcpus, freeMemory, unplaceable, reserveAfter);
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
