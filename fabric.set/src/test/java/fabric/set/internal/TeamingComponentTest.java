package fabric.set.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.TeamStatus;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.RdmaKind;
import fabric.journal.testing.MemoryJournal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Teaming service: default teams from the topology, validation, and durability. */
class TeamingComponentTest {

    static final NodeId N1 = NodeId.of("node-1");
    static final List<NodeSpec> NODES = List.of(new NodeSpec(N1, 32, 1L << 38, List.of(), List.of(
            new NicSpec("nic-0", 25, RdmaKind.ROCE), new NicSpec("nic-1", 25, RdmaKind.ROCE),
            new NicSpec("nic-2", 25, RdmaKind.ROCE), new NicSpec("mgmt-0", 1, RdmaKind.NONE)),
            "bmc", "dell", "AX-760"));
    final MemoryJournal journal = new MemoryJournal();

    @Test
    void theDefaultTeamHasTheIdenticalNicsAndTheStorageVnicsHaveAffinity() {
        TeamingComponent teaming = new TeamingComponent(NODES, () -> 0L, journal);
        TeamStatus t = teaming.team(N1);
        assertEquals(List.of("nic-0", "nic-1", "nic-2"), t.spec().nics(), "the 1 Gb/s NIC is not teamed");
        assertEquals(LoadDistribution.DYNAMIC, t.spec().distribution());
        teaming.configure(new TeamSpec(N1, List.of("nic-0", "nic-1"), LoadDistribution.HYPER_V_PORT,
                TeamingComponent.DEFAULT_CLASSES));
        t = teaming.team(N1);
        assertTrue(t.uplinks().get(0).vports().contains("host-smb-1"));
        assertTrue(t.uplinks().get(1).vports().contains("host-smb-2"));
    }

    @Test
    void badTeamsAreRefusedAndChangeNothing() {
        TeamingComponent teaming = new TeamingComponent(NODES, () -> 0L, journal);
        FabricException mixed = assertThrows(FabricException.class, () -> teaming.configure(new TeamSpec(N1,
                List.of("nic-0", "mgmt-0"), LoadDistribution.DYNAMIC, TeamingComponent.DEFAULT_CLASSES)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, mixed.code());
        FabricException unknown = assertThrows(FabricException.class, () -> teaming.failNic(NodeId.of("node-9"), "nic-0"));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        assertEquals(3, teaming.team(N1).spec().nics().size());
        assertEquals(-1, journal.lastIndex(), "nothing recorded");
    }

    @Test
    void teamsAndNicFailuresSurviveARestart() {
        TeamingComponent first = new TeamingComponent(NODES, () -> 0L, journal);
        first.configure(new TeamSpec(N1, List.of("nic-0", "nic-1"), LoadDistribution.HYPER_V_PORT,
                TeamingComponent.DEFAULT_CLASSES));
        first.failNic(N1, "nic-0");
        TeamingComponent second = new TeamingComponent(NODES, () -> 0L, journal);
        TeamStatus t = second.team(N1);
        assertEquals(LoadDistribution.HYPER_V_PORT, t.spec().distribution());
        assertEquals(List.of("nic-0", "nic-1"), t.spec().nics());
        assertFalse(t.uplinks().get(0).up());
        assertEquals(List.of("host-mgmt", "host-smb-1", "host-smb-2"), t.uplinks().get(1).vports());
        assertEquals(0, second.skipped());
        second.restoreNic(N1, "nic-0");
        assertTrue(new TeamingComponent(NODES, () -> 0L, journal).team(N1).uplinks().get(0).up());
    }

    @Test
    void recordedClassesReadBackAndOlderRecordsWithoutThemMeanTheDefaultPolicy() {
        List<fabric.api.teaming.TrafficClass> classes = List.of(
                new fabric.api.teaming.TrafficClass("storage", List.of(3, 4), 60, true),
                new fabric.api.teaming.TrafficClass("rest", List.of(0, 1, 2, 5, 6, 7), 40, false));
        assertEquals("storage:3.4:60:lossless,rest:0.1.2.5.6.7:40", TeamConfigured.classes(classes));
        assertEquals(classes, TeamConfigured.classes(TeamConfigured.classes(classes)));
        assertEquals(TeamingComponent.DEFAULT_CLASSES, TeamConfigured.classes((String) null));
        assertThrows(IllegalArgumentException.class, () -> TeamConfigured.classes("storage:3"));
        assertThrows(IllegalArgumentException.class, () -> TeamConfigured.classes("storage:3:50:lossy"));
        assertThrows(IllegalArgumentException.class, () -> TeamConfigured.classes("storage:x:50"));
        assertThrows(IllegalArgumentException.class, () -> TeamConfigured.classes("storage:9:50"));
        // A record written before classes were recorded replays with the default policy.
        journal.append(TeamConfigured.TYPE, new TeamConfigured("node-1", "nic-0,nic-1", LoadDistribution.HYPER_V_PORT,
                null));
        TeamingComponent replayed = new TeamingComponent(NODES, () -> 0L, journal);
        assertEquals(TeamingComponent.DEFAULT_CLASSES, replayed.team(N1).spec().classes());
        assertEquals(List.of("nic-0", "nic-1"), replayed.team(N1).spec().nics());
    }
}
