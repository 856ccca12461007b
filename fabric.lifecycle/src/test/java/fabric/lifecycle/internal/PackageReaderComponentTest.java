package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.oem.FirmwarePackage;
import java.nio.file.Files;
import java.nio.file.Path;
import oem.kit.tool.PackageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageReaderComponentTest {

    @TempDir
    Path dir;

    @Test
    void readsAFileAndNamesWhatIsWrong() throws Exception {
        PackageReaderComponent reader = new PackageReaderComponent();
        Path file = Files.write(dir.resolve("nic.fwpkg"), PackageBuilder.of(Providers.DELL.entry("nic-cx6",
                "26.41.10.00")).build());
        FirmwarePackage pkg = reader.read(file);
        assertEquals("nic-cx6-26-41-10-00", pkg.descriptor().packageId());
        assertNull(pkg.signature());
        FabricException missing = assertThrows(FabricException.class, () -> reader.read(dir.resolve("x.fwpkg")));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        FabricException empty = assertThrows(FabricException.class, () -> reader.read("e.fwpkg", new byte[0]));
        assertEquals("e.fwpkg: not a firmware package (no ZIP entries)", empty.getMessage());
    }
}
