package oem.lenovo;

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

/** The lenovo bundle's data: signed catalog, certified baselines, and its own update order. */
class LenovoOemTest {

    static final VendorFixture OEM = VendorFixture.load(LenovoOemTest.class.getClassLoader());

    @Test
    void sequencingFollowsTheVendorsWay() {
        // XCC first; UEFI activated by its own reboot before the adapters, then a second reboot
        UpdateSequencer sequencer = new RuleSequencer("lenovo", OEM.data().rules());
        NodeInventory factory = OEM.inventory("node-1", "MX630-V3", "24.02");
        List<UpdateStep> steps = sequencer.sequence(factory, OEM.packagesFor("MX630-V3", "24.10"));
        List<String> shape = new ArrayList<>();
        for (UpdateStep s : steps) {
            shape.add(s.id() + (s.hostOnline() ? " online" : ""));
        }
        assertEquals(List.of("stage-xcc online", "stage-uefi online", "stage-nic-cx6 online", "stage-raid940 online",
                "stage-nvme-u3 online", "apply-xcc online", "apply-uefi", "reboot-after-uefi", "apply-nic-cx6",
                "apply-raid940", "apply-nvme-u3", "reboot"), shape);
        NodeInventory done = OEM.inventory("node-1", "MX630-V3", "24.10");
        for (UpdateStep s : steps) {
            assertFalse(s.isApplied(factory), s.id());
            assertTrue(s.isApplied(done), s.id());
        }
    }

    @Test
    void catalogPackagesValidateAndAnUnsignedOneDoesNot() {
        FirmwareValidator validator = new SignedPackageValidator("lenovo", OEM.data().publicKey(), OEM.data().profiles());
        CertifiedBaseline target = OEM.profile("MX630-V3").baseline("24.10").orElseThrow();
        NodeInventory middle = OEM.inventory("node-1", "MX630-V3", OEM.profile("MX630-V3").baselines().get(1).name());
        for (PackageDescriptor p : OEM.packagesFor("MX630-V3", "24.10")) {
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
