package fabric.compute.internal.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.GuestDevice;
import fabric.api.compute.GuestDeviceKind;
import fabric.api.compute.HypervisorCapacity;
import fabric.api.compute.HypervisorEvent;
import fabric.api.compute.HypervisorEventKind;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.VmSpec;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedHypervisorTest {

    private static final long LINK = 50_000_000_000L / 8; // two 25 Gbit/s ports
    private final EmbeddedHypervisor a = new EmbeddedHypervisor(NodeId.of("node-1"),
            new HypervisorCapacity(4, 2.0, 16L << 30), MigrationModel.DEFAULT, 0.02);
    private final EmbeddedHypervisor b = new EmbeddedHypervisor(NodeId.of("node-2"),
            new HypervisorCapacity(4, 2.0, 16L << 30), MigrationModel.DEFAULT, 0.02);

    @Test
    void accountsVcpusWithOvercommitAndMemory() {
        a.define(VmSpec.of("v1", 6, ByteSize.ofGiB(4)));
        FabricException cpu = assertThrows(FabricException.class, () -> a.define(VmSpec.of("v2", 3, ByteSize.ofGiB(1))));
        assertEquals(ErrorCode.INSUFFICIENT_CAPACITY, cpu.code());
        assertTrue(cpu.getMessage().contains("9 vCPU of 8"), cpu.getMessage());
        FabricException mem = assertThrows(FabricException.class, () -> a.define(VmSpec.of("v3", 1, ByteSize.ofGiB(13))));
        assertTrue(mem.getMessage().contains("memory"), mem.getMessage());
        assertEquals(6, a.vcpusUsed());
        a.undefine("v1");
        assertEquals(0, a.memoryUsed());
    }

    @Test
    void preCopyConvergesForAQuietGuest() {
        MigrationReport r = MigrationModel.DEFAULT.migrate("v", NodeId.of("node-1"), NodeId.of("node-2"), 4L << 30,
                (4L << 30) / 50, LINK);
        assertTrue(r.converged());
        assertEquals(2, r.rounds());
        assertTrue(r.transferredBytes() > 4L << 30);
        assertTrue(r.blackout().compareTo(Duration.ofMillis(1)) > 0 && r.blackout().compareTo(Duration.ofMillis(6)) < 0,
                r.toString());
        assertEquals(r, MigrationModel.DEFAULT.migrate("v", NodeId.of("node-1"), NodeId.of("node-2"), 4L << 30,
                (4L << 30) / 50, LINK), "deterministic");
    }

    @Test
    void aGuestDirtyingFasterThanTheLinkNeverConvergesAndPaysInBlackout() {
        MigrationReport quiet = MigrationModel.DEFAULT.migrate("v", NodeId.of("node-1"), NodeId.of("node-2"),
                8L << 30, 100L << 20, LINK);
        MigrationReport busy = MigrationModel.DEFAULT.migrate("v", NodeId.of("node-1"), NodeId.of("node-2"),
                8L << 30, 2 * LINK, LINK);
        assertFalse(busy.converged());
        assertEquals(30, busy.rounds());
        assertTrue(busy.blackout().compareTo(Duration.ofSeconds(1)) > 0, busy.toString());
        assertTrue(busy.transferredBytes() > 10 * quiet.transferredBytes());
    }

    @Test
    void migrationMovesTheGuestItsDevicesAndItsCapacity() {
        List<String> log = new ArrayList<>();
        List<HypervisorEvent> events = new ArrayList<>();
        a.addListener(events::add);
        b.addListener(events::add);
        a.define(VmSpec.of("web", 2, ByteSize.ofGiB(4))).attach(new GuestDevice() {
            @Override
            public String name() {
                return "nic-a";
            }

            @Override
            public GuestDeviceKind kind() {
                return GuestDeviceKind.NIC;
            }

            @Override
            public void guestStarted() {
                log.add("up");
            }

            @Override
            public void guestStopped() {
                log.add("down");
            }
        });
        assertThrows(FabricException.class, () -> a.migrateOut("web", b, LINK), "a stopped VM does not migrate live");
        a.start("web");
        a.setDirtyRate("web", 10L << 20);
        MigrationReport r = a.migrateOut("web", b, LINK);
        assertEquals(NodeId.of("node-2"), r.to());
        assertEquals(List.of(), a.guests());
        assertEquals(List.of("web"), b.guests());
        assertEquals(4L << 30, b.memoryUsed());
        assertTrue(b.endpoint("web").running());
        assertEquals("nic-a", b.endpoint("web").devices().get(0).name());
        assertEquals(List.of("up", "down", "up"), log);
        assertEquals(List.of(HypervisorEventKind.DEFINED, HypervisorEventKind.STARTED, HypervisorEventKind.MIGRATED_IN,
                HypervisorEventKind.MIGRATED_OUT), events.stream().map(HypervisorEvent::kind).toList());
        b.crash("web");
        assertFalse(b.endpoint("web").running());
    }
}
