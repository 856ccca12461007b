package oem.kit;

import fabric.api.oem.FirmwareCatalog;
import fabric.api.oem.PackageDescriptor;
import java.util.List;

/**
 * A vendor's catalog as read from its signed {@code catalog.json}.
 *
 * @param vendor the vendor key
 * @param packages the packages
 */
public record CatalogData(String vendor, List<PackageDescriptor> packages) implements FirmwareCatalog {

    /** Copies the list. */
    public CatalogData {
        packages = List.copyOf(packages);
    }
}
