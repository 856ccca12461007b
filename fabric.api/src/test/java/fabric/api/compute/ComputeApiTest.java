package fabric.api.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeApiTest {

    @Test
    void transitionTableAllowsOnlyTheDocumentedMoves() {
        assertTrue(VmState.RUNNING.canChangeTo(VmState.MIGRATING));
        assertFalse(VmState.STOPPED.canChangeTo(VmState.RUNNING));
        assertFalse(VmState.RUNNING.canChangeTo(VmState.DELETED));
        assertTrue(VmState.DELETED.next().isEmpty());
        int allowed = 0;
        for (VmState s : VmState.values()) {
            allowed += s.next().size();
            assertFalse(s.canChangeTo(s), s + " to itself");
        }
        assertEquals(17, allowed);
        FabricException e = assertThrows(FabricException.class,
                () -> VmState.STOPPED.requireChangeTo("web-1", VmState.MIGRATING));
        assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("web-1 is STOPPED"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new VmStateChanged("web-1", VmState.STOPPED, VmState.RUNNING, "node-1", ""));
    }

    @Test
    void specRejectsBadValuesNamingTheField() {
        assertEquals("cpu", invalid(() -> VmSpec.of("web-1", 0, ByteSize.ofGiB(4))));
        assertEquals("mem", invalid(() -> VmSpec.of("web-1", 2, ByteSize.ofBytes(1000))));
        assertEquals("vm", invalid(() -> VmSpec.of("Web_1", 2, ByteSize.ofGiB(4))));
        assertEquals("disk", invalid(() -> VmSpec.of("web-1", 2, ByteSize.ofGiB(4))
                .withDevices(List.of("os", "os"), List.of())));
        assertEquals("avset", invalid(() -> VmSpec.of("web-1", 2, ByteSize.ofGiB(4)).inAvailabilitySet("")));
        assertEquals("fault-domains", invalid(() -> new AvailabilitySetSpec("web", 0, 5)));
        assertEquals("update-domains", invalid(() -> new AvailabilitySetSpec("web", 3, 21)));
    }

    @Test
    void eventsRoundTripThroughTheirJournalFields() {
        VmSpec spec = VmSpec.of("db-1", 8, ByteSize.ofGiB(64)).inAvailabilitySet("db")
                .withDevices(List.of("os", "data"), List.of("nic-a")).withGroups(null, "sql")
                .withPriority(VmPriority.HIGH);
        VmDefined defined = VmDefined.of(spec, 1, 2);
        assertEquals(defined, VmDefined.TYPE.decode(VmDefined.TYPE.encode(defined)));
        assertEquals(spec, VmDefined.TYPE.decode(VmDefined.TYPE.encode(defined)).spec());

        MigrationReport report = new MigrationReport("db-1", NodeId.of("node-1"), NodeId.of("node-2"), 4,
                70_000_000_000L, Duration.ofNanos(1_234_567), Duration.ofSeconds(22), true);
        VmMigrated migrated = VmMigrated.of(report);
        assertEquals(report, VmMigrated.TYPE.decode(VmMigrated.TYPE.encode(migrated)).report());
    }

    private static String invalid(Runnable r) {
        FabricException e = assertThrows(FabricException.class, r::run);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        return e.violations().get(0).field();
    }
}
