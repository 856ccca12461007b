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
import fabric.api.storage.VolumeHealth;
import fabric.api.topology.NodeState;
import java.util.List;
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
        assertTrue(out.contains("resync estimate: not available from the storage API"), out);
        assertTrue(out.endsWith("verdict: UNSAFE\n  - placement: no other up node of su-1 has room for big-1 of node-1\n"),
                out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("  vol-1")).count(), out);
    }
}
