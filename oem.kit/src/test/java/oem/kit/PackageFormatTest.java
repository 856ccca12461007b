package oem.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.Prerequisite;
import fabric.api.oem.FirmwareVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import oem.kit.tool.PackageBuilder;
import oem.kit.tool.SamplePayloads;
import org.junit.jupiter.api.Test;

class PackageFormatTest {

    static final KeyPair KEYS = Ed25519.generate("package-format-test");
    static final PackageDescriptor BIOS = PackageBuilder.describe("acme", "bios-2-0", "bios", "2.0",
            Set.of("X-1"), List.of(new Prerequisite("bmc", FirmwareVersion.of("1.5"))));

    @Test
    void aPackageRoundTripsWithItsExactManifestBytes() {
        byte[] file = PackageBuilder.of(BIOS).signedWith(KEYS.getPrivate()).build();
        FirmwarePackage pkg = PackageFormat.read("bios.fwpkg", file);
        assertEquals(BIOS, pkg.descriptor());
        assertArrayEquals(DescriptorJson.manifest(BIOS), pkg.manifest());
        assertArrayEquals(SamplePayloads.of("bios-2-0", 4096), pkg.payload());
        assertTrue(Ed25519.verify(KEYS.getPublic(), pkg.manifest(), pkg.signature()));
        assertNull(PackageFormat.read("u.fwpkg", PackageBuilder.of(BIOS).build()).signature());
    }

    @Test
    void notAZipIsRefusedNamingTheFile() {
        FabricException e = assertThrows(FabricException.class, () -> PackageFormat.read("x.fwpkg",
                "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("x.fwpkg: not a firmware package"), e.getMessage());
    }

    @Test
    void missingUnknownAndDuplicateEntriesAreRefused() throws Exception {
        byte[] manifest = DescriptorJson.manifest(BIOS);
        assertMalformed(zip("payload.bin", new byte[4]), "no manifest.json");
        assertMalformed(zip("manifest.json", manifest), "no payload.bin");
        assertMalformed(zip("manifest.json", manifest, "payload.bin", new byte[1], "run.sh", new byte[1]),
                "unexpected entry 'run.sh'");
        assertMalformed(zip("manifest.json", manifest, "payload.bin", new byte[1], "manifest.sig", new byte[10]),
                "manifest.sig has 10 bytes");
    }

    @Test
    void aBadManifestListsEveryProblem() throws Exception {
        String json = "{\"format\": 2, \"vendor\": \"acme\", \"package\": \"p\", \"component\": \"bios\","
                + " \"version\": \"2.x\", \"models\": [], \"sha256\": \"abc\", \"payloadSize\": -1, \"reversible\": 1,"
                + " \"installSeconds\": 60, \"extra\": true}";
        FabricException e = assertThrows(FabricException.class, () -> PackageFormat.read("m.fwpkg",
                zip("manifest.json", json.getBytes(StandardCharsets.UTF_8), "payload.bin", new byte[1])));
        List<String> fields = e.violations().stream().map(v -> v.field()).toList();
        assertTrue(fields.containsAll(List.of("extra", "format", "version", "models", "payloadSize", "reversible")),
                fields.toString());
        assertTrue(e.getMessage().startsWith("m.fwpkg: manifest.json: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        assertMalformed(zip("manifest.json", "{".getBytes(StandardCharsets.UTF_8), "payload.bin", new byte[1]),
                "not JSON");
    }

    private static void assertMalformed(byte[] file, String reason) {
        FabricException e = assertThrows(FabricException.class, () -> PackageFormat.read("f.fwpkg", file));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static byte[] zip(Object... nameAndBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < nameAndBytes.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) nameAndBytes[i]));
                zip.write((byte[]) nameAndBytes[i + 1]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
