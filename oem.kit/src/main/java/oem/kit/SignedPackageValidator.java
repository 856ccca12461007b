package oem.kit;

import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.Prerequisite;
import fabric.api.oem.ValidationFinding;
import fabric.api.oem.ValidationReason;
import fabric.api.oem.ValidationResult;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A vendor's {@link FirmwareValidator}: the Ed25519 signature of the manifest with the vendor's key,
 * the payload against the manifest's SHA-256 and size, then model, component, certification by the
 * target baseline, downgrade and prerequisites. Every check runs, so every reason is reported.
 * Stateless and thread-safe.
 */
public final class SignedPackageValidator implements FirmwareValidator {

    private final String vendor;
    private final PublicKey key;
    private final List<? extends HardwareProfile> profiles;

    /**
     * @param vendor the vendor key
     * @param key the vendor's public signing key
     * @param profiles the vendor's certified models
     */
    public SignedPackageValidator(String vendor, PublicKey key, List<? extends HardwareProfile> profiles) {
        this.vendor = vendor;
        this.key = key;
        this.profiles = List.copyOf(profiles);
    }

    @Override
    public String vendor() {
        return vendor;
    }

    @Override
    public ValidationResult validatePackage(FirmwarePackage pkg) {
        List<ValidationFinding> findings = new ArrayList<>();
        packageChecks(pkg, findings);
        return new ValidationResult(pkg.descriptor().label(), "package only", findings);
    }

    private void packageChecks(FirmwarePackage pkg, List<ValidationFinding> findings) {
        PackageDescriptor d = pkg.descriptor();
        Optional<byte[]> signature = pkg.signatureIfAny();
        if (signature.isEmpty()) {
            findings.add(new ValidationFinding(ValidationReason.UNSIGNED, "the package has no manifest.sig"));
        } else if (!Ed25519.verify(key, pkg.manifest(), signature.get())) {
            findings.add(new ValidationFinding(ValidationReason.BAD_SIGNATURE, "the manifest's signature does not"
                    + " verify with " + vendor + "'s key (altered manifest or another signer)"));
        }
        if (!d.vendor().equals(vendor)) {
            findings.add(new ValidationFinding(ValidationReason.WRONG_VENDOR, "the package is for vendor '"
                    + d.vendor() + "', this validator checks " + vendor));
        }
        byte[] payload = pkg.payload();
        String sha = Sha256.hex(payload);
        if (!sha.equals(d.sha256()) || payload.length != d.payloadSize()) {
            findings.add(new ValidationFinding(ValidationReason.PAYLOAD_MISMATCH, "the payload (" + payload.length
                    + " bytes, sha256 " + sha.substring(0, 12) + "...) is not the one the manifest names ("
                    + d.payloadSize() + " bytes, sha256 " + d.sha256().substring(0, 12) + "...)"));
        }
    }

    @Override
    public ValidationResult validate(FirmwarePackage pkg, NodeInventory node, CertifiedBaseline target,
            boolean allowDowngrade) {
        List<ValidationFinding> findings = new ArrayList<>();
        packageChecks(pkg, findings);
        PackageDescriptor d = pkg.descriptor();
        String c = d.componentId();
        Optional<? extends HardwareProfile> profile = profiles.stream().filter(p -> p.model().equals(node.model()))
                .findFirst();
        if (!node.vendor().equals(vendor) || profile.isEmpty()) {
            findings.add(new ValidationFinding(ValidationReason.WRONG_MODEL, node.node() + " is a " + node.vendor()
                    + " " + node.model() + ", not a model " + vendor + " certifies"));
        } else if (!d.models().contains(node.model())) {
            findings.add(new ValidationFinding(ValidationReason.WRONG_MODEL, "the package is for " + d.models()
                    + ", " + node.node() + " is a " + node.model()));
        }
        Optional<InstalledFirmware> installed = node.component(c);
        if (installed.isEmpty() || profile.isPresent() && profile.get().component(c).isEmpty()) {
            findings.add(new ValidationFinding(ValidationReason.UNKNOWN_COMPONENT, node.node() + " (" + node.model()
                    + ") has no component '" + c + "'"));
        }
        boolean certifiedBaseline = profile.isPresent() && profile.get().baselines().contains(target);
        Optional<FirmwareVersion> certified = target.version(c);
        if (!certifiedBaseline) {
            findings.add(new ValidationFinding(ValidationReason.UNCERTIFIED_VERSION, "baseline " + target.name()
                    + " is not a certified baseline of " + node.vendor() + " " + node.model()));
        } else if (certified.isEmpty() || !certified.get().equals(d.version())) {
            findings.add(new ValidationFinding(ValidationReason.UNCERTIFIED_VERSION, "baseline " + target.name()
                    + " certifies " + c + " " + certified.map(FirmwareVersion::value).orElse("(none)") + ", not "
                    + d.version()));
        }
        if (installed.isPresent() && d.version().isOlderThan(installed.get().version()) && !allowDowngrade) {
            findings.add(new ValidationFinding(ValidationReason.DOWNGRADE, c + " runs " + installed.get().version()
                    + ", the package would downgrade it to " + d.version() + " (downgrades not allowed)"));
        }
        for (Prerequisite p : d.prerequisites()) {
            Optional<InstalledFirmware> other = node.component(p.componentId());
            if (other.isEmpty()) {
                findings.add(new ValidationFinding(ValidationReason.MISSING_PREREQUISITE, c + " " + d.version()
                        + " needs " + p + ", and " + node.node() + " has no " + p.componentId()));
            } else if (other.get().version().isOlderThan(p.minimum())) {
                findings.add(new ValidationFinding(ValidationReason.MISSING_PREREQUISITE, c + " " + d.version()
                        + " needs " + p + ", " + node.node() + " runs " + p.componentId() + " "
                        + other.get().version()));
            }
        }
        String against = node.node() + " (" + node.vendor() + " " + node.model() + ", baseline " + target.name() + ")";
        return new ValidationResult(d.label(), against, findings);
    }
}
