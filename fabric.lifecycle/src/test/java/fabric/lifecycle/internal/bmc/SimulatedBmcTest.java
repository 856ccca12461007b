package fabric.lifecycle.internal.bmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.oem.ApplyTime;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import oem.kit.tool.VendorFixture;
import org.junit.jupiter.api.Test;

/** The simulated BMC: factory baseline, staging, apply now or on reset, reboot; every operation idempotent. */
class SimulatedBmcTest {

    static final VendorFixture DELL = VendorFixture.load(SimulatedBmcTest.class.getClassLoader());
    final SimulatedBmc bmc = new SimulatedBmc(NodeId.of("node-1"), DELL.profile("AX-760"),
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));

    InstalledFirmware bios() {
        return bmc.inventory().component("bios").orElseThrow();
    }

    @Test
    void startsAtTheFactoryBaseline() {
        assertEquals(DELL.inventory("node-1", "AX-760", "23.11"), bmc.inventory());
    }

    @Test
    void stageApplyOnResetRebootAndAgain() {
        PackageDescriptor p = DELL.entry("bios", "2.2.7");
        ComponentTarget t = new ComponentTarget("bios", p.version());
        FabricException notStaged = assertThrows(FabricException.class, () -> bmc.apply(t, ApplyTime.ON_RESET));
        assertEquals(ErrorCode.FAILED_PRECONDITION, notStaged.code());
        assertEquals("node-1: bios 2.2.7 is not staged", notStaged.getMessage());

        bmc.stage(DELL.signed(p));
        bmc.stage(DELL.signed(p));
        assertEquals(p.version(), bios().staged());
        bmc.apply(t, ApplyTime.ON_RESET);
        bmc.apply(t, ApplyTime.ON_RESET);
        assertEquals(p.version(), bios().pending());
        assertEquals(FirmwareVersion.of("1.6.6"), bios().version());
        bmc.reboot();
        assertEquals(p.version(), bios().version());
        assertNull(bios().pending());
        NodeInventory after = bmc.inventory();
        bmc.stage(DELL.signed(p));
        bmc.apply(t, ApplyTime.ON_RESET);
        bmc.apply(t, ApplyTime.IMMEDIATE);
        assertEquals(after, bmc.inventory(), "applying what is installed changes nothing");
        assertEquals(3, bmc.tasks().size() - 1, "staged, scheduled, activated at boot, plus the reboot");
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), bmc.tasks().get(0).at());
        assertEquals(2, after.bootCount());
    }

    @Test
    void applyNowNeedsNoReboot() {
        PackageDescriptor p = DELL.entry("idrac", "7.10.70.00");
        bmc.stage(DELL.signed(p));
        bmc.apply(new ComponentTarget("idrac", p.version()), ApplyTime.IMMEDIATE);
        assertEquals(p.version(), bmc.inventory().component("idrac").orElseThrow().version());
        assertEquals(1, bmc.inventory().bootCount());
        assertThrows(FabricException.class, () -> bmc.apply(new ComponentTarget("psu", p.version()),
                ApplyTime.IMMEDIATE));
    }
}
