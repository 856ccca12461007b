package fabric.api.oem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OemValuesTest {

    static FirmwareVersion v(String s) {
        return FirmwareVersion.of(s);
    }

    @Test
    void versionsCompareNumberByNumber() {
        assertTrue(v("7.10.30.00").isOlderThan(v("7.10.70.00")));
        assertTrue(v("1.9").isOlderThan(v("1.10")));
        assertEquals(0, v("1.5").compareTo(v("1.5.0")));
        assertFalse(v("2.0").isOlderThan(v("2.0")));
        for (String bad : new String[] {"", "1..2", "v1", "1.2-beta", "1.2.3.4.5.6.7.8.9", "1234567890"}) {
            assertThrows(FabricException.class, () -> v(bad), bad);
        }
    }

    @Test
    void valuesRefuseWhatCannotBe() {
        assertThrows(FabricException.class, () -> new CertifiedBaseline("a b", Map.of("bios", v("1"))));
        assertThrows(FabricException.class, () -> new CertifiedBaseline("24.03", Map.of()));
        assertThrows(FabricException.class, () -> new PackageDescriptor("dell", "p", "bios", v("1"), Set.of("M"),
                "0".repeat(64), 1, List.of(new Prerequisite("bios", v("1"))), false, Duration.ofSeconds(1)));
        assertThrows(FabricException.class, () -> new PackageDescriptor("dell", "p", "bios", v("1"), Set.of("M"),
                "XYZ", 1, List.of(), false, Duration.ofSeconds(1)));
        InstalledFirmware bios = new InstalledFirmware("bios", ComponentKind.BIOS, v("1"), null, null);
        assertThrows(FabricException.class, () -> new NodeInventory(NodeId.of("n"), "dell", "M", List.of(bios, bios),
                PowerState.ON, 0));
        ComponentTarget t = new ComponentTarget("bios", v("2"));
        assertThrows(FabricException.class, () -> new UpdateStep("s", StepAction.REBOOT, List.of(t), "pkg", false,
                Duration.ofSeconds(1), "r"));
        assertThrows(FabricException.class, () -> new UpdateStep("s", StepAction.STAGE, List.of(t, t), "pkg", false,
                Duration.ofSeconds(1), "r"));
        assertThrows(FabricException.class, () -> new UpdateStep("s", StepAction.STAGE, List.of(t), "pkg", false,
                Duration.ZERO, "r"));
    }

    @Test
    void aStepIsAppliedByWhatTheInventoryShows() {
        ComponentTarget t = new ComponentTarget("bios", v("2"));
        UpdateStep stage = new UpdateStep("stage-bios", StepAction.STAGE, List.of(t), "p", true, Duration.ofSeconds(1),
                "r");
        UpdateStep apply = new UpdateStep("apply-bios", StepAction.APPLY_ON_RESET, List.of(t), "p", false,
                Duration.ofSeconds(1), "r");
        UpdateStep reboot = new UpdateStep("reboot", StepAction.REBOOT, List.of(t), null, false, Duration.ofSeconds(1),
                "r");
        NodeInventory before = inv(new InstalledFirmware("bios", ComponentKind.BIOS, v("1"), null, null));
        NodeInventory staged = inv(new InstalledFirmware("bios", ComponentKind.BIOS, v("1"), v("2"), null));
        NodeInventory pending = inv(new InstalledFirmware("bios", ComponentKind.BIOS, v("1"), null, v("2")));
        NodeInventory after = inv(new InstalledFirmware("bios", ComponentKind.BIOS, v("2"), null, null));
        assertEquals(List.of(false, false, false), applied(before, stage, apply, reboot));
        assertEquals(List.of(true, false, false), applied(staged, stage, apply, reboot));
        assertEquals(List.of(true, true, false), applied(pending, stage, apply, reboot));
        assertEquals(List.of(true, true, true), applied(after, stage, apply, reboot));
        assertFalse(stage.isApplied(inv()), "a missing component is never done");
    }

    static NodeInventory inv(InstalledFirmware... components) {
        return new NodeInventory(NodeId.of("n"), "dell", "M", List.of(components), PowerState.ON, 0);
    }

    static List<Boolean> applied(NodeInventory inventory, UpdateStep... steps) {
        return java.util.Arrays.stream(steps).map(s -> s.isApplied(inventory)).toList();
    }
}
