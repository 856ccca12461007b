package fabric.api.oem;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The firmware packages a vendor publishes, each described by its signed manifest. Register one per
 * vendor, with the service property {@link HardwareProfile#VENDOR}. The fabric uses it to find, for
 * each component of a target baseline, the package that installs the baseline's version, and to
 * plan an update before any package file is at hand. Thread-safe, immutable, no I/O.
 */
@ConsumerType
public interface FirmwareCatalog {

    /** @return the vendor key, equal to the {@link HardwareProfile#VENDOR} service property */
    String vendor();

    /** @return every package of the catalog */
    List<PackageDescriptor> packages();

    /**
     * @param model a model
     * @param componentId a component key
     * @param version a version
     * @return the package installing that version on that component of that model, if any
     */
    default Optional<PackageDescriptor> find(String model, String componentId, FirmwareVersion version) {
        return packages().stream().filter(p -> p.models().contains(model) && p.componentId().equals(componentId)
                && p.version().equals(version)).findFirst();
    }
}
