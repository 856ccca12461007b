package fabric.lifecycle.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.lifecycle.Admission;
import fabric.api.lifecycle.AdmissionReason;
import fabric.api.lifecycle.Headroom;
import fabric.api.lifecycle.QuorumMargin;
import fabric.api.lifecycle.VolumeAdmission;
import fabric.api.storage.Layout;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.Resiliency;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeImpact;
import fabric.api.topology.NodeState;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What {@code update:admission} prints: every figure, what the storage API does not give, the verdict. */
class AdmissionCommandsTest {

    @Test
    void printsTheFiguresTheUnknownsAndEveryReason() {
        Admission a = new Admission(NodeId.of("node-1"), ScaleUnitId.of("su-1"), NodeState.UP,
                new QuorumMargin(5, 3, 5, 4), new Headroom(true, 1, 17, 8L << 30, 46, 188L << 30, List.of("big-1"),
                        false), 3L << 30,
                List.of(new VolumeAdmission("vol-1", new Layout(1, 1), VolumeHealth.HEALTHY, VolumeHealth.DEGRADED, 0,
                        1, 10, OptionalLong.empty(), OptionalLong.empty(), 0)),
                List.of(new AdmissionReason(AdmissionReason.Kind.PLACEMENT,
                        "no other up node of su-1 has room for big-1 of node-1")));
        String out = AdmissionCommands.render(a);
        assertTrue(out.startsWith("node-1 (su-1, UP)\n"), out);
        assertTrue(out.contains("quorum: 5 of 5 votes present, 3 needed; 4 without node-1 (margin 2 now, 1 without)"),
                out);
        assertTrue(out.contains("to move 1 VM(s), 17 vCPU, 8 GiB; free elsewhere 46 vCPU, 188 GiB; left after drain 29 vCPU,"
                + " 180 GiB; no room for big-1;"
                + " another loss after drain NOT absorbed"), out);
        assertTrue(out.contains("storage: 3 GiB on node-1's disks; 1 volume(s)"), out);
        assertTrue(out.contains("not available from the storage API (at most 10)"), out);
        assertTrue(out.contains("slabs left without redundancy, resync rate and estimate: not available from the"
                + " storage API"), out);
        assertTrue(out.endsWith("verdict: UNSAFE\n  - placement: no other up node of su-1 has room for big-1 of node-1\n"),
                out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("  vol-1")).count(), out);
    }

    @Test
    void printsTheStorageEnginesSlabAndResyncFigures() {
        MaintenanceImpact impact = new MaintenanceImpact(NodeId.of("node-1"), List.of(new VolumeImpact("vol-1",
                Resiliency.TWO_WAY_MIRROR, 10, 6, 6, 0, 6L << 30)), 6L << 30, 20L << 20,
                new ResyncStatus(1L << 30, 200L << 20, true, ResyncStatus.duration(1L << 30, 200L << 20)), 20L << 30);
        Admission a = new Admission(NodeId.of("node-1"), ScaleUnitId.of("su-1"), NodeState.UP,
                new QuorumMargin(5, 3, 5, 4), new Headroom(true, 0, 0, 0, 46, 188L << 30, List.of(), true), 6L << 30,
                List.of(new VolumeAdmission("vol-1", new Layout(1, 1), VolumeHealth.HEALTHY, VolumeHealth.DEGRADED, 0,
                        1, 10, OptionalLong.of(6), OptionalLong.of(6L << 30), 0)), List.of(), Optional.of(impact));
        String out = AdmissionCommands.render(a);
        assertTrue(out.contains("6 of 10"), out);
        assertTrue(out.contains("  slabs with node-1 down: 6 left without redundancy, 0 offline\n"), out);
        assertTrue(out.contains("  resync: 1 GiB pending now, 200 MiB/s measured by the last repairs, estimate 5 s\n"),
                out);
        // 20 MiB/s of column writes, the node holds 6 of 20 GiB: 10 min down -> 3.6 GiB, at 200 MiB/s 18 s.
        assertTrue(out.contains("  after 10 min down at the pool's 20 MiB/s of writes: ~3.5 GiB to resync, ~18 s\n"),
                out);
        assertTrue(out.contains("  after 30 min down at the pool's 20 MiB/s of writes: ~6 GiB to resync, ~30 s\n"),
                out);
        assertTrue(out.endsWith("verdict: SAFE\n"), out);
    }
}
