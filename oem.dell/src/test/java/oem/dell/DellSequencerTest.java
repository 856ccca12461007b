package oem.dell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.UpdateSequencer;
import fabric.api.oem.UpdateStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import oem.kit.RuleSequencer;
import oem.kit.tool.VendorFixture;
import org.junit.jupiter.api.Test;

/** Dell's way: iDRAC first and at once while the node runs, everything else staged, one reboot. */
class DellSequencerTest {

    static final VendorFixture DELL = VendorFixture.load(DellSequencerTest.class.getClassLoader());
    static final UpdateSequencer SEQUENCER = new RuleSequencer("dell", DELL.data().rules());

    static List<String> shape(List<UpdateStep> steps) {
        List<String> s = new ArrayList<>();
        for (UpdateStep step : steps) {
            s.add(step.id() + (step.hostOnline() ? " online" : ""));
        }
        return s;
    }

    @Test
    void factoryTo2407() {
        NodeInventory node = DELL.inventory("node-1", "AX-760", "23.11");
        List<PackageDescriptor> packages = new ArrayList<>(DELL.packagesFor("AX-760", "24.07"));
        java.util.Collections.reverse(packages); // order of the input does not matter
        List<UpdateStep> steps = SEQUENCER.sequence(node, packages);
        assertEquals(List.of("stage-idrac online", "stage-bios online", "stage-nic-cx6 online",
                "stage-nvme-p5620 online", "apply-idrac online", "apply-bios", "apply-nic-cx6", "apply-nvme-p5620",
                "reboot"), shape(steps));
        UpdateStep reboot = steps.get(steps.size() - 1);
        assertEquals(3, reboot.targets().size(), "one reboot activates BIOS, NIC and drive");
        assertEquals(Duration.ofSeconds(480), reboot.estimate());
        assertEquals(Duration.ofSeconds(600), steps.get(4).estimate(), "the iDRAC package's install time");
        assertEquals(steps, SEQUENCER.sequence(node, DELL.packagesFor("AX-760", "24.07")), "deterministic");
    }

    @Test
    void stepsKnowWhetherTheyAreApplied() {
        NodeInventory factory = DELL.inventory("node-1", "AX-760", "23.11");
        NodeInventory done = DELL.inventory("node-1", "AX-760", "24.07");
        for (UpdateStep s : SEQUENCER.sequence(factory, DELL.packagesFor("AX-760", "24.07"))) {
            assertFalse(s.isApplied(factory), s.id());
            assertTrue(s.isApplied(done), s.id());
        }
        assertEquals(List.of(), SEQUENCER.sequence(done, DELL.packagesFor("AX-760", "24.07")),
                "a compliant node needs nothing");
    }

    @Test
    void aPackageForAnotherModelOrTwoForOneComponentAreRefused() {
        NodeInventory node = DELL.inventory("node-1", "AX-760", "23.11");
        PackageDescriptor bios = DELL.entry("bios", "2.2.7");
        assertThrows(FabricException.class, () -> SEQUENCER.sequence(node, List.of(bios, DELL.entry("bios", "2.1.5"))));
        NodeInventory hpe = new NodeInventory(node.node(), "hpe", "DL380-Gen11", List.of(), node.power(), 0);
        assertThrows(FabricException.class, () -> SEQUENCER.sequence(hpe, List.of(bios)));
    }
}
