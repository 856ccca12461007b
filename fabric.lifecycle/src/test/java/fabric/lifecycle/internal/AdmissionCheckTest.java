package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.ComputeService;
import fabric.api.compute.NodeAllocation;
import fabric.api.compute.VmPriority;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.lifecycle.Admission;
import fabric.api.lifecycle.AdmissionReason.Kind;
import fabric.api.lifecycle.AdmissionReason;
import fabric.api.lifecycle.AdmissionVerdict;
import fabric.api.lifecycle.VolumeAdmission;
import fabric.api.storage.DiskState;
import fabric.api.storage.DiskStatus;
import fabric.api.storage.Layout;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.Resiliency;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeImpact;
import fabric.api.storage.VolumeStatus;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import fabric.api.topology.NodeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The admission check: SAFE with its figures, and each reason for UNSAFE on its own. */
class AdmissionCheckTest {

    private static final long GIB = 1L << 30;

    /** A scale unit of {@code n} nodes with fakes of compute and storage a test adjusts. */
    private static final class Unit {
        final TestTopology topology;
        boolean reserveHeld = true;
        long vcpuCapacity = 16;
        long memoryCapacity = 64 * GIB;
        final List<VmStatus> vms = new ArrayList<>();
        final Map<String, DiskState> diskStates = new HashMap<>();
        final List<VolumeStatus> volumes = new ArrayList<>();
        final AdmissionCheck check;

        Unit(int n) {
            topology = new TestTopology("dell", "AX-760", n);
            ComputeService compute = RunFixture.proxy(ComputeService.class, (name, args) -> switch (name) {
                case "failoverReserveHeld" -> reserveHeld;
                case "list" -> List.copyOf(vms);
                case "allocations" -> topology.statuses(TestTopology.SU).stream().map(s -> {
                    long cpu = vms.stream().filter(v -> v.node().orElseThrow().equals(s.node()))
                            .mapToLong(v -> v.spec().vcpus()).sum();
                    long mem = vms.stream().filter(v -> v.node().orElseThrow().equals(s.node()))
                            .mapToLong(v -> v.spec().memory().bytes()).sum();
                    return new NodeAllocation(s.node(), s.state(), vcpuCapacity, cpu, memoryCapacity, mem, 0);
                }).toList();
                default -> throw new UnsupportedOperationException(name);
            });
            StoragePool pool = RunFixture.proxy(StoragePool.class, (name, args) -> switch (name) {
                case "volumes" -> List.copyOf(volumes);
                case "faultDomains" -> n;
                case "disks" -> disks();
                case "maintenanceImpact" -> placed(StorageFakes.impact((NodeId) args[0], List.copyOf(volumes), disks()));
                default -> throw new UnsupportedOperationException(name);
            });
            StorageService storage = RunFixture.proxy(StorageService.class, (name, args) -> switch (name) {
                case "pool" -> pool;
                default -> throw new UnsupportedOperationException(name);
            });
            check = new AdmissionCheck(topology, compute, storage);
        }

        /** Slabs of each volume with a column on the node asked about, as the engine would count them; null: every slab. */
        Long slabsOnNode;

        MaintenanceImpact placed(MaintenanceImpact i) {
            if (slabsOnNode == null) {
                return i;
            }
            List<VolumeImpact> volumes = i.volumes().stream().map(v -> new VolumeImpact(v.volume(), v.resiliency(),
                    v.slabs(), slabsOnNode, 0, 0, v.bytesOnNode() * slabsOnNode / Math.max(1, v.slabs()))).toList();
            return new MaintenanceImpact(i.node(), volumes, i.bytesOnNode(), i.columnWriteBytesPerSecond(), i.resync(),
                    i.poolWrittenBytes());
        }

        List<DiskStatus> disks() {
            return topology.statuses(TestTopology.SU).stream().map(s -> new DiskStatus(s.node().value(), "d0",
                    DiskMedia.SSD, DiskRole.CAPACITY, "/dev/d0", 100 * GIB, 3 * GIB,
                    diskStates.getOrDefault(s.node().value(), s.state() == NodeState.UP ? DiskState.ONLINE
                            : DiskState.FAILED), "")).toList();
        }

        Unit vm(String name, String node, int vcpus, long memGiB) {
            return grouped(name, node, vcpus, memGiB, null, null);
        }

        Unit grouped(String name, String node, int vcpus, long memGiB, String affinity, String antiAffinity) {
            vms.add(new VmStatus(VmSpec.of(name, vcpus, ByteSize.ofGiB(memGiB)).withGroups(affinity, antiAffinity),
                    VmState.RUNNING, Optional.of(NodeId.of(node)), "", Instant.EPOCH, -1, -1));
            return this;
        }

        Unit volume(String name, Resiliency r, Layout layout, VolumeHealth health) {
            boolean healthy = health == VolumeHealth.HEALTHY;
            // 10 slabs of 1 GiB: each column of a slab holds slab / data columns.
            long footprint = layout.footprint(10 * GIB);
            volumes.add(new VolumeStatus(name, r, layout, 10 * GIB, GIB, 10, footprint, healthy ? 0 : 4096, health,
                    healthy ? "" : "stale regions"));
            return this;
        }

        Admission admit(String node) {
            return check.assess(NodeId.of(node));
        }
    }

    private static List<Kind> kinds(Admission a) {
        return a.reasons().stream().map(AdmissionReason::kind).toList();
    }

    /** Four nodes, a dual-parity 2+2 volume: every slab has one column on each node. */
    private static Unit healthy4() {
        return new Unit(4).vm("web-1", "node-1", 4, 8).vm("db-1", "node-2", 2, 4)
                .volume("vol-1", Resiliency.DUAL_PARITY, new Layout(2, 2), VolumeHealth.HEALTHY);
    }

    @Test
    void safeWithEveryFigure() {
        Admission a = healthy4().admit("node-1");
        assertEquals(AdmissionVerdict.SAFE, a.verdict(), a.reasons().toString());
        assertEquals(List.of(), a.reasons());
        assertEquals(4, a.quorum().presentVotes());
        assertEquals(3, a.quorum().presentWithout());
        assertEquals(3, a.quorum().requiredVotes());
        assertEquals(0, a.quorum().marginWithout());
        assertEquals(1, a.headroom().vmsToMove());
        assertEquals(4, a.headroom().vcpusToMove());
        assertEquals(8 * GIB, a.headroom().memoryToMove());
        assertEquals(16 * 3 - 2, a.headroom().vcpusFreeElsewhere());
        assertEquals(64 * 3 * GIB - 4 * GIB, a.headroom().memoryFreeElsewhere());
        assertEquals(42, a.headroom().vcpusLeftAfterDrain());
        assertEquals(180 * GIB, a.headroom().memoryLeftAfterDrain());
        assertTrue(a.headroom().reserveAfterDrain());
        assertEquals(3 * GIB, a.bytesOnNode());
        VolumeAdmission v = a.volumes().get(0);
        assertEquals(VolumeHealth.HEALTHY, v.healthNow());
        assertEquals(VolumeHealth.DEGRADED, v.healthAfter(), "2+2 drops below its redundancy");
        assertEquals(0, v.faultDomainsLostNow());
        assertEquals(1, v.faultDomainsLostAfter());
        assertEquals(OptionalLong.of(10), v.slabsOnNode(), "every slab has a column on each of the 4 nodes");
        assertEquals(OptionalLong.of(5 * GIB), v.bytesOnNode(), "half a GiB of each 1 GiB 2+2 slab");
        assertEquals(0, v.staleBytes());
    }

    @Test
    void slabPlacementComesFromTheStorageEngineWhenThePoolIsWiderThanASlab() {
        Unit u = new Unit(5).volume("vol-1", Resiliency.TWO_WAY_MIRROR, new Layout(1, 1), VolumeHealth.HEALTHY);
        u.slabsOnNode = 4L;
        Admission a = u.admit("node-1");
        assertEquals(AdmissionVerdict.SAFE, a.verdict());
        assertEquals(OptionalLong.of(4), a.volumes().get(0).slabsOnNode());
        assertEquals(VolumeHealth.DEGRADED, a.volumes().get(0).healthAfter());
        assertEquals(OptionalLong.of(4 * GIB), a.volumes().get(0).bytesOnNode(), "a 1 GiB column of each of 4 slabs");
        assertTrue(a.storage().isPresent());
        u.slabsOnNode = 0L;
        assertEquals(VolumeHealth.HEALTHY, u.admit("node-1").volumes().get(0).healthAfter(),
                "no slab of the volume on the node: it keeps its redundancy");
    }

    @Test
    void nodeNotUp() {
        Unit u = healthy4();
        u.topology.set("node-1", NodeState.DOWN);
        Admission a = u.admit("node-1");
        assertEquals(AdmissionVerdict.UNSAFE, a.verdict());
        assertEquals(Kind.NODE_NOT_UP, kinds(a).get(0));
        assertEquals("node-1 is DOWN, not up", a.reasons().get(0).text());
        assertEquals(a.quorum().presentVotes(), a.quorum().presentWithout(), "a down node's vote is gone already");
    }

    @Test
    void anotherNodeOut() {
        Unit u = healthy4();
        u.topology.set("node-3", NodeState.MAINTENANCE);
        Admission a = u.admit("node-1");
        assertEquals(List.of(Kind.ANOTHER_NODE_OUT), kinds(a), "a node in maintenance still votes");
        assertEquals("node-3 is MAINTENANCE; never two nodes out", a.reasons().get(0).text());
        assertEquals(2, a.volumes().get(0).faultDomainsLostAfter(), "node-3 and node-1");
        assertEquals(VolumeHealth.DEGRADED, a.volumes().get(0).healthAfter(), "2+2 tolerates two");
    }

    @Test
    void quorum() {
        Unit u = new Unit(4);
        u.topology.set("node-4", NodeState.DOWN);
        Admission a = u.admit("node-1");
        assertEquals(List.of(Kind.ANOTHER_NODE_OUT, Kind.QUORUM), kinds(a));
        assertEquals(0, a.quorum().marginNow());
        assertEquals(-1, a.quorum().marginWithout());
        assertEquals("taking node-1 out would leave 2 of 4 votes, below the 3 quorum needs", a.reasons().get(1).text());
    }

    @Test
    void reserveNotHeld() {
        Unit u = healthy4();
        u.reserveHeld = false;
        assertEquals(List.of(Kind.RESERVE), kinds(u.admit("node-1")));
    }

    @Test
    void placementFailsForAVmTooBigForAnyOtherNode() {
        Unit u = healthy4().vm("big-1", "node-1", 17, 8);
        Admission a = u.admit("node-1");
        assertEquals(List.of(Kind.PLACEMENT), kinds(a));
        assertEquals(List.of("big-1"), a.headroom().unplaceable());
        assertFalse(a.headroom().reserveAfterDrain());
        assertTrue(a.reasons().get(0).text().contains("big-1 of node-1"), a.reasons().get(0).text());
    }

    @Test
    void aVmWhoseAntiAffinityGroupHasAMemberOnEveryOtherUpNodeIsNotPlaceable() {
        Unit u = healthy4().grouped("sql-1", "node-1", 2, 4, null, "sql").grouped("sql-2", "node-2", 2, 4, null, "sql")
                .grouped("sql-3", "node-3", 2, 4, null, "sql");
        assertEquals(List.of(), kinds(u.admit("node-1")), "node-4 has no member of sql: sql-1 goes there");
        u.grouped("sql-4", "node-4", 2, 4, null, "sql");
        Admission a = u.admit("node-1");
        assertEquals(List.of(Kind.PLACEMENT), kinds(a), "room enough, but the rule keeps sql-1 off every other node");
        assertEquals(List.of("sql-1"), a.headroom().unplaceable());
        assertEquals("no other up node of su-1 has room for sql-1 (anti-affinity group sql has a VM on every other up"
                + " node) of node-1", a.reasons().get(0).text());
        assertFalse(a.headroom().reserveAfterDrain());
    }

    @Test
    void aVmWhoseOnlyFreeNodeForItsGroupIsOutIsNotPlaceable() {
        Unit u = healthy4().grouped("sql-1", "node-1", 2, 4, null, "sql").grouped("sql-2", "node-2", 2, 4, null, "sql")
                .grouped("sql-3", "node-3", 2, 4, null, "sql");
        u.topology.set("node-4", NodeState.MAINTENANCE);
        Admission a = u.admit("node-1");
        assertEquals(List.of("sql-1"), a.headroom().unplaceable(), "node-4 would take it, but node-4 is out");
        assertTrue(kinds(a).contains(Kind.PLACEMENT));
    }

    @Test
    void anAffinityGroupStaysTogether() {
        // app-1 must join app-2 on node-4; with node-4 out it has nowhere valid to go.
        Unit u = healthy4().grouped("app-1", "node-1", 2, 4, "app", null).grouped("app-2", "node-4", 2, 4, "app", null);
        assertEquals(List.of(), kinds(u.admit("node-1")));
        u.topology.set("node-4", NodeState.DOWN);
        Admission a = u.admit("node-1");
        assertEquals(List.of("app-1"), a.headroom().unplaceable());
        assertTrue(a.reasons().stream().anyMatch(r -> r.text().equals("no other up node of su-1 has room for app-1"
                + " (affinity group app runs on node-4 (DOWN)) of node-1")), a.reasons().toString());

        // Two members on the node move as one: 10 + 10 vCPU fit no 16-vCPU node together, though each alone would.
        Unit pair = healthy4().grouped("pair-1", "node-1", 10, 4, "pair", null).grouped("pair-2", "node-1", 10, 4,
                "pair", null);
        Admission p = pair.admit("node-1");
        assertEquals(List.of("pair-1", "pair-2"), p.headroom().unplaceable());
        Unit apart = healthy4().vm("solo-1", "node-1", 10, 4).vm("solo-2", "node-1", 10, 4);
        assertEquals(List.of(), apart.admit("node-1").headroom().unplaceable());
    }

    @Test
    void twoMembersOfAnAntiAffinityGroupOnTheNodeGoToDifferentNodes() {
        Unit u = new Unit(4).grouped("a-1", "node-1", 2, 4, null, "spread").grouped("a-2", "node-1", 2, 4, null,
                "spread").grouped("a-4", "node-4", 2, 4, null, "spread");
        assertEquals(List.of(), u.admit("node-1").headroom().unplaceable(), "one to node-2, one to node-3");
        u.grouped("a-3", "node-2", 2, 4, null, "spread");
        assertEquals(List.of("a-2"), u.admit("node-1").headroom().unplaceable(), "only node-3 is free of the group");
    }

    @Test
    void resyncInFlight() {
        Unit u = healthy4();
        u.volumes.clear();
        u.volume("vol-1", Resiliency.DUAL_PARITY, new Layout(2, 2), VolumeHealth.RESYNCING);
        Admission a = u.admit("node-1");
        assertEquals(List.of(Kind.RESYNC_IN_FLIGHT), kinds(a));
        assertEquals(4096, a.volumes().get(0).staleBytes());
    }

    @Test
    void volumeUnhealthy() {
        Unit u = healthy4();
        u.volume("vol-2", Resiliency.DUAL_PARITY, new Layout(2, 2), VolumeHealth.DEGRADED);
        Admission a = u.admit("node-1");
        assertEquals(List.of(Kind.VOLUME_UNHEALTHY), kinds(a));
        assertEquals("volume vol-2 is degraded: stale regions", a.reasons().get(0).text());
    }

    @Test
    void volumeWouldGoOfflineBeyondItsTolerance() {
        Unit u = new Unit(4).volume("vol-1", Resiliency.TWO_WAY_MIRROR, new Layout(1, 1), VolumeHealth.DEGRADED);
        u.diskStates.put("node-2", DiskState.FAILED);
        Admission a = u.admit("node-1");
        assertEquals(List.of(Kind.VOLUME_UNHEALTHY, Kind.VOLUME_OFFLINE), kinds(a));
        VolumeAdmission v = a.volumes().get(0);
        assertEquals(1, v.faultDomainsLostNow());
        assertEquals(2, v.faultDomainsLostAfter());
        assertEquals(VolumeHealth.OFFLINE, v.healthAfter());
        assertEquals("volume vol-1 (1+1) would have 10 of 10 slabs offline with node-1 down: fewer current columns"
                + " than it needs", a.reasons().get(1).text());
    }

    @Test
    void everyReasonIsListed() {
        Unit u = new Unit(4).vm("big-1", "node-1", 17, 8)
                .volume("vol-1", Resiliency.TWO_WAY_MIRROR, new Layout(1, 1), VolumeHealth.RESYNCING);
        u.reserveHeld = false;
        u.topology.set("node-4", NodeState.DOWN);
        assertEquals(List.of(Kind.ANOTHER_NODE_OUT, Kind.QUORUM, Kind.RESERVE, Kind.PLACEMENT, Kind.RESYNC_IN_FLIGHT,
                Kind.VOLUME_OFFLINE), kinds(u.admit("node-1")), "node-4 and node-1 down: a 1+1 mirror is lost");
    }

    @Test
    void unknownNodeIsNotFound() {
        FabricException e = assertThrows(FabricException.class, () -> healthy4().admit("node-9"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }
}
