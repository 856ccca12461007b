package oem.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.oem.ComponentKind;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.PowerState;
import fabric.api.oem.Prerequisite;
import fabric.api.oem.UpdateStep;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import oem.kit.tool.PackageBuilder;
import org.junit.jupiter.api.Test;

/** Prerequisites reorder the vendor's sequence and, where the BMC does not activate in order, add a reboot. */
class RuleSequencerTest {

    static final NodeInventory NODE = new NodeInventory(NodeId.of("n-1"), "acme", "X-1", List.of(
            new InstalledFirmware("bmc", ComponentKind.BMC, FirmwareVersion.of("1.0"), null, null),
            new InstalledFirmware("bios", ComponentKind.BIOS, FirmwareVersion.of("1.0"), null, null)),
            PowerState.ON, 1);
    static final PackageDescriptor BMC = PackageBuilder.describe("acme", "bmc-1-5", "bmc", "1.5", Set.of("X-1"),
            List.of());
    static final PackageDescriptor BIOS = PackageBuilder.describe("acme", "bios-2-0", "bios", "2.0", Set.of("X-1"),
            List.of(new Prerequisite("bmc", FirmwareVersion.of("1.5"))));

    /** BMC last in the vendor's order, everything on reset. */
    static SequencingRules rules(boolean inOrder) {
        return new SequencingRules(List.of(ComponentKind.BIOS, ComponentKind.NIC, ComponentKind.STORAGE_CONTROLLER,
                ComponentKind.DRIVE, ComponentKind.BMC), true, Set.of(), Set.of(), Set.of(), inOrder,
                Duration.ofSeconds(10), Duration.ofSeconds(100), "test");
    }

    static List<String> ids(List<UpdateStep> steps) {
        return steps.stream().map(UpdateStep::id).toList();
    }

    @Test
    void aRequiredComponentMovesAheadAndActivatesInOrder() {
        List<UpdateStep> steps = new RuleSequencer("acme", rules(true)).sequence(NODE, List.of(BIOS, BMC));
        assertEquals(List.of("stage-bmc", "stage-bios", "apply-bmc", "apply-bios", "reboot"), ids(steps));
    }

    @Test
    void withoutInOrderActivationThePrerequisiteGetsItsOwnReboot() {
        List<UpdateStep> steps = new RuleSequencer("acme", rules(false)).sequence(NODE, List.of(BIOS, BMC));
        assertEquals(List.of("stage-bmc", "stage-bios", "apply-bmc", "reboot-before-bios", "apply-bios", "reboot"),
                ids(steps));
        assertEquals("bios 2.0 needs bmc >= 1.5, which only a reboot activates", steps.get(3).reason());
    }

    @Test
    void anUnmetPrerequisiteIsRefused() {
        FabricException e = assertThrows(FabricException.class, () -> new RuleSequencer("acme", rules(true))
                .sequence(NODE, List.of(BIOS)));
        assertTrue(e.getMessage().contains("bios 2.0 needs bmc >= 1.5, which neither n-1 nor these packages bring"),
                e.getMessage());
    }
}
