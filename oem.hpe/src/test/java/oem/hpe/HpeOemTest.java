package oem.hpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.UpdateSequencer;
import fabric.api.oem.UpdateStep;
import fabric.api.oem.ValidationReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import oem.kit.RuleSequencer;
import oem.kit.SignedPackageValidator;
import oem.kit.tool.PackageBuilder;
import oem.kit.PackageFormat;
import oem.kit.tool.VendorFixture;
import org.junit.jupiter.api.Test;

/** The hpe bundle's data: signed catalog, certified baselines, and its own update order. */
class HpeOemTest {

    static final VendorFixture OEM = VendorFixture.load(HpeOemTest.class.getClassLoader());

    @Test
    void sequencingFollowsTheVendorsWay() {
        // iLO first and at once; the iLO Repository takes images while the node runs; System ROM, controller and NIC
        // activate at one reboot, which comes before the drive flash because the drive firmware needs the new
        // controller firmware running; drives flash at once, out of service
        UpdateSequencer sequencer = new RuleSequencer("hpe", OEM.data().rules());
        NodeInventory factory = OEM.inventory("node-1", "DL380-Gen11", "2023.09");
        List<UpdateStep> steps = sequencer.sequence(factory, OEM.packagesFor("DL380-Gen11", "2024.09"));
        List<String> shape = new ArrayList<>();
        for (UpdateStep s : steps) {
            shape.add(s.id() + (s.hostOnline() ? " online" : ""));
        }
        assertEquals(List.of("stage-ilo online", "stage-system-rom online", "stage-mr416i online", "stage-nic-bcm57414 online",
                "stage-nvme-hpk5 online", "apply-ilo online", "apply-system-rom", "apply-mr416i", "apply-nic-bcm57414",
                "reboot-before-nvme-hpk5", "apply-nvme-hpk5"), shape);
        NodeInventory done = OEM.inventory("node-1", "DL380-Gen11", "2024.09");
        for (UpdateStep s : steps) {
            assertFalse(s.isApplied(factory), s.id());
            assertTrue(s.isApplied(done), s.id());
        }
    }

    @Test
    void catalogPackagesValidateAndAnUnsignedOneDoesNot() {
        FirmwareValidator validator = new SignedPackageValidator("hpe", OEM.data().publicKey(), OEM.data().profiles());
        CertifiedBaseline target = OEM.profile("DL380-Gen11").baseline("2024.09").orElseThrow();
        NodeInventory middle = OEM.inventory("node-1", "DL380-Gen11", OEM.profile("DL380-Gen11").baselines().get(1).name());
        for (PackageDescriptor p : OEM.packagesFor("DL380-Gen11", "2024.09")) {
            // Accepted, unless a prerequisite is newer than the middle baseline brings (then only that).
            boolean prerequisiteMet = p.prerequisites().stream().allMatch(q -> !middle.component(q.componentId())
                    .orElseThrow().version().isOlderThan(q.minimum()));
            assertEquals(prerequisiteMet ? Set.of() : Set.of(ValidationReason.MISSING_PREREQUISITE), validator
                    .validate(OEM.signed(p), middle, target, false).reasons(), p.label());
            assertEquals(Set.of(ValidationReason.UNSIGNED), validator.validatePackage(PackageFormat.read("u.fwpkg",
                    PackageBuilder.of(p).build())).reasons());
        }
    }
}
