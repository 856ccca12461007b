package fabric.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceImpactTest {

    private static final long MIB = 1L << 20;
    private static final NodeId NODE = NodeId.of("node-1");

    private static ResyncStatus resync(long rate) {
        return new ResyncStatus(0, rate, false, Duration.ZERO);
    }

    @Test
    void resyncBytesAreTheNodesShareOfTheWritesCappedByItsBytes() {
        MaintenanceImpact m = new MaintenanceImpact(NODE, List.of(), 100 * MIB, 10 * MIB, resync(25 * MIB), 400 * MIB);
        // 10 MiB/s for 20 s, a quarter of it on the node
        assertEquals(50 * MIB, m.resyncBytesAfter(Duration.ofSeconds(20)));
        assertEquals(Duration.ofSeconds(2), m.resyncEstimate(Duration.ofSeconds(20)));
        // 150 MiB by the rate, but only 100 MiB are on the node
        assertEquals(100 * MIB, m.resyncBytesAfter(Duration.ofMinutes(1)));
        assertEquals(Duration.ofSeconds(4), m.resyncEstimate(Duration.ofMinutes(1)));
        assertEquals(0, m.resyncBytesAfter(Duration.ZERO));
        assertEquals(Duration.ZERO, m.resyncEstimate(Duration.ZERO));
        assertEquals(100 * MIB, m.resyncBytesAfter(Duration.ofDays(365 * 1000)));
    }

    @Test
    void withoutThePoolsTotalEveryWriteCountsForTheNode() {
        MaintenanceImpact m = new MaintenanceImpact(NODE, List.of(), 100 * MIB, 10 * MIB, resync(20 * MIB));
        assertEquals(100 * MIB, m.poolWrittenBytes());
        assertEquals(30 * MIB, m.resyncBytesAfter(Duration.ofSeconds(3)));
        assertEquals(Duration.ofMillis(1500), m.resyncEstimate(Duration.ofSeconds(3)));
    }

    @Test
    void nothingOnTheNodeNothingToResync() {
        MaintenanceImpact m = new MaintenanceImpact(NODE, List.of(), 0, 10 * MIB, resync(20 * MIB), 0);
        assertEquals(0, m.resyncBytesAfter(Duration.ofHours(1)));
        assertEquals(Duration.ZERO, m.resyncEstimate(Duration.ofHours(1)));
    }

    @Test
    void offlineRiskIsAnyVolumeWithSlabsOffline() {
        VolumeImpact safe = new VolumeImpact("a", Resiliency.TWO_WAY_MIRROR, 4, 2, 2, 0, 8 * MIB);
        VolumeImpact lost = new VolumeImpact("b", Resiliency.DUAL_PARITY, 4, 4, 1, 1, 8 * MIB);
        assertFalse(new MaintenanceImpact(NODE, List.of(safe), 8 * MIB, 0, resync(1), 32 * MIB).offlineRisk());
        assertTrue(new MaintenanceImpact(NODE, List.of(safe, lost), 16 * MIB, 0, resync(1), 32 * MIB).offlineRisk());
    }

    @Test
    void badFiguresAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VolumeImpact("a", Resiliency.TWO_WAY_MIRROR, 2, 3, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new VolumeImpact("a", Resiliency.TWO_WAY_MIRROR, 2, 2, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new VolumeImpact("a", Resiliency.TWO_WAY_MIRROR, 2, 2, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new ResyncStatus(0, 0, false, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ResyncStatus(-1, 1, false, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new MaintenanceImpact(NODE, List.of(), 10, 0, resync(1), 5));
        MaintenanceImpact m = new MaintenanceImpact(NODE, List.of(), 10, 1, resync(1), 10);
        assertThrows(IllegalArgumentException.class, () -> m.resyncBytesAfter(Duration.ofSeconds(-1)));
    }

    @Test
    void resyncDurationRoundsUpToTheMillisecond() {
        assertEquals(Duration.ofMillis(1), ResyncStatus.duration(1, 1_000_000));
        assertEquals(Duration.ofSeconds(3), ResyncStatus.duration(300, 100));
        assertEquals(Duration.ZERO, ResyncStatus.duration(0, 100));
    }
}
