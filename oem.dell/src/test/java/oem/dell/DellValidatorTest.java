package oem.dell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.ValidationReason;
import fabric.api.oem.ValidationResult;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import oem.kit.Ed25519;
import oem.kit.PackageFormat;
import oem.kit.SignedPackageValidator;
import oem.kit.tool.PackageBuilder;
import oem.kit.tool.VendorFixture;
import org.junit.jupiter.api.Test;

/** Every reason the Dell validator rejects a package, each on its own, and all of them at once. */
class DellValidatorTest {

    static final VendorFixture DELL = VendorFixture.load(DellValidatorTest.class.getClassLoader());
    static final FirmwareValidator VALIDATOR = new SignedPackageValidator("dell", DELL.data().publicKey(),
            DELL.data().profiles());
    static final CertifiedBaseline B2403 = DELL.profile("AX-760").baseline("24.03").orElseThrow();
    static final CertifiedBaseline B2407 = DELL.profile("AX-760").baseline("24.07").orElseThrow();
    static final NodeInventory FACTORY = DELL.inventory("node-1", "AX-760", "23.11");

    static FirmwarePackage read(byte[] file) {
        return PackageFormat.read("test.fwpkg", file);
    }

    static Set<ValidationReason> reasons(ValidationResult r) {
        return r.reasons();
    }

    @Test
    void theShippedCatalogPackagesValidateAgainstTheirBaseline() {
        for (PackageDescriptor p : DELL.packagesFor("AX-760", "24.03")) {
            ValidationResult r = VALIDATOR.validate(DELL.signed(p), FACTORY, B2403, false);
            assertTrue(r.accepted(), r.toString());
        }
        assertTrue(VALIDATOR.validatePackage(DELL.signed(DELL.entry("idrac", "7.10.70.00"))).accepted());
    }

    @Test
    void unsigned() {
        FirmwarePackage pkg = read(PackageBuilder.of(DELL.entry("idrac", "7.10.30.00")).build());
        assertEquals(Set.of(ValidationReason.UNSIGNED), reasons(VALIDATOR.validate(pkg, FACTORY, B2403, false)));
    }

    @Test
    void signedWithAnotherKey() {
        FirmwarePackage pkg = read(PackageBuilder.of(DELL.entry("idrac", "7.10.30.00"))
                .signedWith(Ed25519.generate("not-dell").getPrivate()).build());
        assertEquals(Set.of(ValidationReason.BAD_SIGNATURE), reasons(VALIDATOR.validatePackage(pkg)));
    }

    @Test
    void manifestAlteredAfterSigning() {
        FirmwarePackage pkg = read(PackageBuilder.of(DELL.entry("idrac", "7.10.30.00")).signedWith(DELL.key())
                .tamperedManifest().build());
        assertEquals(Set.of(ValidationReason.BAD_SIGNATURE), reasons(VALIDATOR.validate(pkg, FACTORY, B2403, false)));
    }

    @Test
    void tamperedPayload() {
        FirmwarePackage pkg = read(PackageBuilder.of(DELL.entry("bios", "2.1.5")).signedWith(DELL.key())
                .tamperedPayload().build());
        ValidationResult r = VALIDATOR.validate(pkg, FACTORY, B2403, false);
        assertEquals(Set.of(ValidationReason.PAYLOAD_MISMATCH), reasons(r));
        assertTrue(r.findings().get(0).message().contains("16384 bytes"), r.toString());
    }

    @Test
    void anotherVendorsPackage() {
        PackageDescriptor hpe = PackageBuilder.describe("hpe", "ilo-1-59", "ilo", "1.59", Set.of("DL380-Gen11"),
                List.of());
        FirmwarePackage pkg = read(PackageBuilder.of(hpe).signedWith(DELL.key()).build());
        Set<ValidationReason> r = reasons(VALIDATOR.validatePackage(pkg));
        assertEquals(Set.of(ValidationReason.WRONG_VENDOR), r);
    }

    @Test
    void wrongModel() {
        PackageDescriptor other = PackageBuilder.describe("dell", "idrac-7-10-30-00-r660", "idrac", "7.10.30.00",
                Set.of("R660"), List.of());
        FirmwarePackage pkg = read(PackageBuilder.of(other).signedWith(DELL.key()).build());
        assertEquals(Set.of(ValidationReason.WRONG_MODEL), reasons(VALIDATOR.validate(pkg, FACTORY, B2403, false)));
    }

    @Test
    void unknownComponent() {
        PackageDescriptor psu = PackageBuilder.describe("dell", "psu-1-0", "psu", "1.0", Set.of("AX-760"), List.of());
        ValidationResult r = VALIDATOR.validate(read(PackageBuilder.of(psu).signedWith(DELL.key()).build()), FACTORY,
                B2403, false);
        assertTrue(reasons(r).contains(ValidationReason.UNKNOWN_COMPONENT), r.toString());
        // The baseline cannot certify a component it does not name.
        assertEquals(EnumSet.of(ValidationReason.UNKNOWN_COMPONENT, ValidationReason.UNCERTIFIED_VERSION), reasons(r));
    }

    @Test
    void versionNotCertifiedByTheTargetBaseline() {
        FirmwarePackage pkg = DELL.signed(DELL.entry("bios", "2.2.7"));
        NodeInventory at2403 = DELL.inventory("node-1", "AX-760", "24.03");
        ValidationResult r = VALIDATOR.validate(pkg, at2403, B2403, false);
        assertEquals(Set.of(ValidationReason.UNCERTIFIED_VERSION), reasons(r));
        assertEquals("baseline 24.03 certifies bios 2.1.5, not 2.2.7", r.findings().get(0).message());

        CertifiedBaseline madeUp = new CertifiedBaseline("99.01", B2407.versions());
        assertEquals(Set.of(ValidationReason.UNCERTIFIED_VERSION), reasons(VALIDATOR.validate(pkg, at2403, madeUp,
                false)));
    }

    @Test
    void downgradeUnlessAllowed() {
        NodeInventory at2407 = DELL.inventory("node-1", "AX-760", "24.07");
        FirmwarePackage older = DELL.signed(DELL.entry("bios", "2.1.5"));
        ValidationResult refused = VALIDATOR.validate(older, at2407, B2403, false);
        assertEquals(Set.of(ValidationReason.DOWNGRADE), reasons(refused));
        assertEquals("bios runs 2.2.7, the package would downgrade it to 2.1.5 (downgrades not allowed)",
                refused.findings().get(0).message());
        assertTrue(VALIDATOR.validate(older, at2407, B2403, true).accepted());
    }

    @Test
    void missingPrerequisite() {
        // BIOS 2.2.7 needs iDRAC >= 7.10.30.00; the factory iDRAC is 7.00.00.00.
        FirmwarePackage bios = DELL.signed(DELL.entry("bios", "2.2.7"));
        ValidationResult r = VALIDATOR.validate(bios, FACTORY, B2407, false);
        assertEquals(Set.of(ValidationReason.MISSING_PREREQUISITE), reasons(r));
        assertEquals("bios 2.2.7 needs idrac >= 7.10.30.00, node-1 runs idrac 7.00.00.00",
                r.findings().get(0).message());
        NodeInventory idracUpdated = DELL.inventory("node-1", "AX-760", "24.03");
        assertTrue(VALIDATOR.validate(bios, idracUpdated, B2407, false).accepted());
    }

    @Test
    void everyReasonIsReportedAtOnce() {
        PackageDescriptor bad = new PackageDescriptor("hpe", "everything-wrong", "psu", FirmwareVersion.of("0.1"),
                Set.of("R660"), DELL.entry("bios", "2.2.7").sha256(), 16384,
                List.of(new fabric.api.oem.Prerequisite("idrac", FirmwareVersion.of("9.0"))), false,
                java.time.Duration.ofSeconds(1));
        FirmwarePackage pkg = read(PackageBuilder.of(bad).signedWith(Ed25519.generate("x").getPrivate())
                .tamperedPayload().build());
        ValidationResult r = VALIDATOR.validate(pkg, FACTORY, B2403, false);
        assertEquals(EnumSet.of(ValidationReason.BAD_SIGNATURE, ValidationReason.WRONG_VENDOR,
                ValidationReason.PAYLOAD_MISMATCH, ValidationReason.WRONG_MODEL, ValidationReason.UNKNOWN_COMPONENT,
                ValidationReason.UNCERTIFIED_VERSION, ValidationReason.MISSING_PREREQUISITE), reasons(r));
        NodeInventory at2407 = DELL.inventory("node-1", "AX-760", "24.07");
        PackageDescriptor old = DELL.entry("bios", "1.6.6");
        ValidationResult down = VALIDATOR.validate(read(PackageBuilder.of(old).build()), at2407, B2403, false);
        assertEquals(EnumSet.of(ValidationReason.UNSIGNED, ValidationReason.UNCERTIFIED_VERSION,
                ValidationReason.DOWNGRADE), reasons(down));
    }
}
