package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.TopologyParser;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** The vendors a topology may name are those the installed OEM bundles declare: no list in the fabric. */
class VendorCapabilityTest {

    @TempDir
    Path dir;

    @Test
    void aVendorIsKnownOnceABundleDeclaringItIsInstalled() throws Exception {
        String demo = Files.readString(Path.of(System.getProperty("fabric.demo.topology")));
        String acme = demo.replaceFirst("\"vendor\"\\s*:\\s*\"dell\"", "\"vendor\": \"acme\"");
        assertTrue(!acme.equals(demo), "the demo topology names dell");
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(dir.resolve("data")))) {
            TopologyParser parser = fabric.service(TopologyParser.class);
            FabricException refused = assertThrows(FabricException.class, () -> parser.parse(acme, "acme.json"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code());
            assertTrue(refused.getMessage().contains("vendor") && refused.getMessage().contains("acme"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("cisco") && refused.getMessage().contains("lenovo"),
                    "the refusal names the vendors the installed bundles declare: " + refused.getMessage());

            Bundle bundle = fabric.install(vendorBundle("acme"));
            RegionSpec region = parser.parse(acme, "acme.json");
            assertEquals("acme", region.nodes().get(0).vendor());

            bundle.uninstall();
            assertThrows(FabricException.class, () -> parser.parse(acme, "acme.json"));
        }
    }

    /** @return a bundle that only declares the vendor capability */
    private Path vendorBundle(String vendor) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "oem." + vendor);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Provide-Capability", "fabric.oem.vendor;fabric.oem.vendor=" + vendor);
        Path jar = dir.resolve("oem." + vendor + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // A manifest is all this bundle has.
        }
        return jar;
    }
}
