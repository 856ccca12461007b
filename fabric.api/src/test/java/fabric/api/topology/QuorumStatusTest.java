package fabric.api.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ScaleUnitId;
import org.junit.jupiter.api.Test;

class QuorumStatusTest {

    private static final ScaleUnitId SU = ScaleUnitId.of("su-1");

    @Test
    void fourNodesWithoutWitnessGoOfflineWhenHalfAreLost() {
        assertEquals(QuorumState.HEALTHY, QuorumStatus.of(SU, 4, 4, false, false).state());
        assertEquals(QuorumState.AT_RISK, QuorumStatus.of(SU, 4, 3, false, false).state());
        QuorumStatus offline = QuorumStatus.of(SU, 4, 2, false, false);
        assertEquals(QuorumState.OFFLINE, offline.state());
        assertEquals(3, offline.requiredVotes());
        assertEquals(-1, offline.margin());
    }

    @Test
    void aWitnessBreaksTheTie() {
        assertEquals(QuorumState.AT_RISK, QuorumStatus.of(SU, 5, 3, true, true).state());
        assertEquals(QuorumState.OFFLINE, QuorumStatus.of(SU, 5, 2, true, false).state());
    }

    @Test
    void rejectsInconsistentArithmetic() {
        assertThrows(IllegalArgumentException.class,
                () -> new QuorumStatus(SU, 4, 5, 3, false, false, QuorumState.HEALTHY));
        assertThrows(IllegalArgumentException.class,
                () -> new QuorumStatus(SU, 4, 4, 2, false, false, QuorumState.HEALTHY));
    }
}
