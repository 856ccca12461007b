package fabric.lifecycle.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwarePackageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import oem.kit.PackageFormat;
import org.osgi.service.component.annotations.Component;

/** Reads {@code .fwpkg} files for any caller: form only, no trust. */
@Component(service = FirmwarePackageReader.class)
public final class PackageReaderComponent implements FirmwarePackageReader {

    @Override
    public FirmwarePackage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw FabricException.notFound("package file", file.toString());
        }
        try {
            return read(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, file + ": unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public FirmwarePackage read(String name, byte[] bytes) {
        return PackageFormat.read(name, bytes);
    }
}
