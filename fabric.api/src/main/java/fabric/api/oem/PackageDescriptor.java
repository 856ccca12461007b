package fabric.api.oem;

import fabric.api.core.FabricException;
import fabric.api.core.Names;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a firmware package says about itself: the content of its signed manifest, and an entry of a
 * vendor's {@link FirmwareCatalog}.
 *
 * @param vendor the vendor key, such as {@code dell}
 * @param packageId the package's name, following {@link Names}, unique in the vendor's catalog
 * @param componentId the key of the component it updates, as in the vendor's profiles
 * @param version the version it installs
 * @param models the models it applies to; at least one
 * @param sha256 the SHA-256 of the payload, 64 lower-case hexadecimal digits
 * @param payloadSize the payload's size in bytes; positive
 * @param prerequisites conditions on other components of the node
 * @param reversible whether the component keeps its previous image (dual-bank BMC and BIOS) so
 *        that a failed or unwanted update can be rolled back
 * @param installTime the vendor's estimate of the time to flash the image, reboot not included;
 *        positive
 */
public record PackageDescriptor(String vendor, String packageId, String componentId, FirmwareVersion version,
        Set<String> models, String sha256, long payloadSize, List<Prerequisite> prerequisites, boolean reversible,
        Duration installTime) {

    /** Checks every field and copies the collections. */
    public PackageDescriptor {
        Names.require("vendor", vendor);
        Names.require("package", packageId);
        Names.require("package " + packageId + " component", componentId);
        Objects.requireNonNull(version, "version");
        if (models == null || models.isEmpty()) {
            throw FabricException.invalid("package " + packageId + " models", "at least one model is required");
        }
        models = Set.copyOf(new TreeSet<>(models));
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw FabricException.invalid("package " + packageId + " sha256", "64 lower-case hexadecimal digits are"
                    + " required");
        }
        if (payloadSize <= 0) {
            throw FabricException.invalid("package " + packageId + " payloadSize", "must be positive");
        }
        prerequisites = List.copyOf(prerequisites);
        for (Prerequisite p : prerequisites) {
            if (p.componentId().equals(componentId)) {
                throw FabricException.invalid("package " + packageId + " prerequisites",
                        "a package cannot require its own component");
            }
        }
        if (installTime == null || installTime.isNegative() || installTime.isZero()) {
            throw FabricException.invalid("package " + packageId + " installTime", "must be positive");
        }
    }

    /** @return for example {@code dell/bios-2-3-5 (bios 2.3.5)} */
    public String label() {
        return vendor + "/" + packageId + " (" + componentId + " " + version + ")";
    }
}
