package fabric.api.oem;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a firmware package may be applied to a node. Register one per vendor, with the
 * service property {@link HardwareProfile#VENDOR}.
 *
 * <p>The fabric calls it before staging any package and for the {@code oem:validate} command, from
 * any thread; it must be thread-safe, must not change anything and must not do I/O beyond the
 * bundle's own resources. It verifies, with the vendor's public key shipped in the vendor's bundle,
 * the Ed25519 signature of the package's manifest, then the payload's SHA-256 against the manifest,
 * and, against a node, applicability to the model and component, certification of the version by
 * the target baseline, no downgrade unless allowed, and the prerequisites on other components.
 *
 * <p>It reports <em>every</em> reason to reject, not only the first, so an operator fixes a package
 * in one round. A rejected package is never staged.
 */
@ConsumerType
public interface FirmwareValidator {

    /** @return the vendor key, equal to the {@link HardwareProfile#VENDOR} service property */
    String vendor();

    /**
     * Checks what can be checked without a node: signature, vendor and payload.
     *
     * @param pkg a package as read from its file
     * @return every finding (reasons {@code UNSIGNED}, {@code BAD_SIGNATURE}, {@code WRONG_VENDOR},
     *         {@code PAYLOAD_MISMATCH})
     */
    ValidationResult validatePackage(FirmwarePackage pkg);

    /**
     * Checks a package for one node and a target baseline: everything of
     * {@link #validatePackage(FirmwarePackage)}, then model, component, certification, downgrade and
     * prerequisites.
     *
     * @param pkg a package as read from its file
     * @param node the node's inventory, as its BMC reports it
     * @param target the certified baseline the node is being brought to
     * @param allowDowngrade whether an older version than the installed one is acceptable
     * @return every finding
     */
    ValidationResult validate(FirmwarePackage pkg, NodeInventory node, CertifiedBaseline target,
            boolean allowDowngrade);
}
