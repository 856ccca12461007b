package fabric.api.oem;

import fabric.api.core.FabricException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads firmware package files (the {@code .fwpkg} format of {@link FirmwarePackage}). Provided by
 * the fabric; it checks form only (entries, manifest fields, sizes), not trust.
 */
@ProviderType
public interface FirmwarePackageReader {

    /**
     * @param file a package file
     * @return the package
     * @throws FabricException {@code INVALID_ARGUMENT} naming the file and what is malformed;
     *         {@code NOT_FOUND} when there is no such file
     */
    FirmwarePackage read(Path file);

    /**
     * @param name a name for the bytes, for messages
     * @param bytes the content of a package file
     * @return the package
     * @throws FabricException {@code INVALID_ARGUMENT} naming what is malformed
     */
    FirmwarePackage read(String name, byte[] bytes);
}
