package fabric.set.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.UplinkStatus;
import fabric.journal.testing.MemoryJournal;
import org.junit.jupiter.api.Test;

/**
 * The link partner's pauses in the team's counters (since fabric.api.teaming 1.3.0): each pause that
 * finds the class running counts once, the current state shows, a refused pause counts nothing, and
 * both survive a reconfiguration.
 */
class PeerPauseCountersTest {

    static final NodeId N1 = TeamingComponentTest.N1;
    long now = 1_000_000_000L;
    final TeamingComponent teaming = new TeamingComponent(TeamingComponentTest.NODES, () -> now, new MemoryJournal());

    private ClassCounters storage(String nic) {
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            if (u.nic().equals(nic)) {
                return LosslessEgressTest.counters(u, "storage");
            }
        }
        throw new AssertionError(nic);
    }

    @Test
    void eachPauseThatFindsTheClassRunningCountsOnceAndTheStateShows() {
        String nic = teaming.team(N1).spec().nics().get(0);
        assertEquals(0, storage(nic).peerPauses());
        assertFalse(storage(nic).peerPaused());
        teaming.pfc(N1, nic, 3, true);
        teaming.pfc(N1, nic, 3, true);
        assertEquals(1, storage(nic).peerPauses(), "a refreshed pause is the same pause");
        assertTrue(storage(nic).peerPaused());
        teaming.pfc(N1, nic, 3, false);
        assertFalse(storage(nic).peerPaused());
        teaming.pfc(N1, nic, 3, true);
        assertEquals(2, storage(nic).peerPauses());

        assertThrows(FabricException.class, () -> teaming.pfc(N1, nic, 0, true), "not lossless");
        assertEquals(0, LosslessEgressTest.counters(teaming.team(N1).uplinks().get(0), "default").peerPauses());
        assertFalse(LosslessEgressTest.counters(teaming.team(N1).uplinks().get(0), "default").peerPaused());

        TeamSpec spec = teaming.team(N1).spec();
        teaming.configure(new TeamSpec(N1, spec.nics(), LoadDistribution.HYPER_V_PORT, spec.classes()));
        assertEquals(2, storage(nic).peerPauses(), "carried over by the reconfiguration");
        assertTrue(storage(nic).peerPaused());
    }

    @Test
    void theOldConstructorMeansNoPauseReceived() {
        ClassCounters c = new ClassCounters("storage", 1, 2, 0, 3, 4);
        assertEquals(0, c.peerPauses());
        assertFalse(c.peerPaused());
    }
}
