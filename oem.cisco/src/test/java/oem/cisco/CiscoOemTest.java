package oem.cisco;

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

/** The cisco bundle's data: signed catalog, certified baselines, and its own update order. */
class CiscoOemTest {

    static final VendorFixture OEM = VendorFixture.load(CiscoOemTest.class.getClassLoader());

    @Test
    void sequencingFollowsTheVendorsWay() {
        // the Host Upgrade Utility: nothing staged while the node runs, adapters first, CIMC last, one reboot
        UpdateSequencer sequencer = new RuleSequencer("cisco", OEM.data().rules());
        NodeInventory factory = OEM.inventory("node-1", "UCSC-C240-M7", "4.3.2");
        List<UpdateStep> steps = sequencer.sequence(factory, OEM.packagesFor("UCSC-C240-M7", "4.3.4"));
        List<String> shape = new ArrayList<>();
        for (UpdateStep s : steps) {
            shape.add(s.id() + (s.hostOnline() ? " online" : ""));
        }
        assertEquals(List.of("stage-vic15425", "apply-vic15425", "stage-raid24g", "apply-raid24g", "stage-ssd-m7",
                "apply-ssd-m7", "stage-bios", "apply-bios", "stage-cimc", "apply-cimc", "reboot"), shape);
        NodeInventory done = OEM.inventory("node-1", "UCSC-C240-M7", "4.3.4");
        for (UpdateStep s : steps) {
            assertFalse(s.isApplied(factory), s.id());
            assertTrue(s.isApplied(done), s.id());
        }
    }

    @Test
    void catalogPackagesValidateAndAnUnsignedOneDoesNot() {
        FirmwareValidator validator = new SignedPackageValidator("cisco", OEM.data().publicKey(), OEM.data().profiles());
        CertifiedBaseline target = OEM.profile("UCSC-C240-M7").baseline("4.3.4").orElseThrow();
        NodeInventory middle = OEM.inventory("node-1", "UCSC-C240-M7", OEM.profile("UCSC-C240-M7").baselines().get(1).name());
        for (PackageDescriptor p : OEM.packagesFor("UCSC-C240-M7", "4.3.4")) {
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
