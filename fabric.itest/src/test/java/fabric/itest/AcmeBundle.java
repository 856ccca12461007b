package fabric.itest;

import fabric.api.oem.PackageDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import oem.kit.DescriptorJson;
import oem.kit.Ed25519;
import oem.kit.VendorComponent;
import oem.kit.tool.PackageBuilder;

/**
 * A fifth vendor written in the test, as a vendor would ship it: a manifest, a component XML naming
 * the kit's {@link VendorComponent}, the kit's classes inlined, and its data under {@code OEM-INF/},
 * with a key pair generated here. Nothing outside this jar knows "acme".
 */
final class AcmeBundle {

    static final KeyPair KEYS = Ed25519.generate("acme-fifth-vendor");
    static final PackageDescriptor BIOS = PackageBuilder.describe("acme", "bios-2-0", "bios", "2.0", Set.of("R-100"),
            List.of());

    private AcmeBundle() {
    }

    static Path write(Path jar) throws IOException, URISyntaxException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "oem.acme");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "fabric.api.core;version=\"[1.0,2)\",fabric.api.oem;version=\"[1.0,2)\","
                + "org.osgi.framework,com.fasterxml.jackson.core,com.fasterxml.jackson.databind,"
                + "com.fasterxml.jackson.databind.node");
        a.putValue("Service-Component", "OSGI-INF/oem.acme.xml");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            put(j, "OSGI-INF/oem.acme.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"oem.acme\""
                    + " immediate=\"true\" activate=\"activate\" deactivate=\"deactivate\">\n"
                    + "  <implementation class=\"oem.kit.VendorComponent\"/>\n</scr:component>\n");
            put(j, "OEM-INF/vendor.json", "{\"vendor\":\"acme\",\"name\":\"Acme Servers\",\"sequencing\":{"
                    + "\"componentOrder\":[\"DRIVE\",\"NIC\",\"STORAGE_CONTROLLER\",\"BIOS\",\"BMC\"],"
                    + "\"stageWhileRunning\":true,\"applyImmediately\":[],\"applyOnline\":[],\"rebootAfter\":[],"
                    + "\"stageSeconds\":20,\"rebootSeconds\":200,\"summary\":\"everything on reset\"}}");
            put(j, "OEM-INF/profiles.json", "{\"profiles\":[{\"model\":\"R-100\",\"bmcProduct\":\"Acme BMC\","
                    + "\"components\":[{\"id\":\"bmc\",\"kind\":\"BMC\",\"description\":\"Acme BMC\"},"
                    + "{\"id\":\"bios\",\"kind\":\"BIOS\",\"description\":\"Acme UEFI\"}],\"baselines\":["
                    + "{\"name\":\"1\",\"versions\":{\"bmc\":\"1.0\",\"bios\":\"1.0\"}},"
                    + "{\"name\":\"2\",\"versions\":{\"bmc\":\"1.0\",\"bios\":\"2.0\"}}]}]}");
            put(j, "OEM-INF/signing-key.pub", Ed25519.text(KEYS.getPublic()));
            byte[] catalog = ("{\"vendor\":\"acme\",\"packages\":[" + new String(DescriptorJson.manifest(BIOS),
                    StandardCharsets.UTF_8) + "]}").getBytes(StandardCharsets.UTF_8);
            put(j, "OEM-INF/catalog.json", catalog);
            put(j, "OEM-INF/catalog.json.sig", Base64.getEncoder().encodeToString(Ed25519.sign(KEYS.getPrivate(),
                    catalog)));
            inlineKit(j);
        }
        return jar;
    }

    /** Copies the kit's runtime package (not its tools) from wherever the class path has it. */
    private static void inlineKit(JarOutputStream j) throws IOException, URISyntaxException {
        Path source = Path.of(VendorComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(source)) {
            try (Stream<Path> classes = Files.list(source.resolve("oem/kit"))) {
                for (Path c : (Iterable<Path>) classes.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    put(j, "oem/kit/" + c.getFileName(), Files.readAllBytes(c));
                }
            }
            return;
        }
        try (JarFile kit = new JarFile(source.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) kit.stream()::iterator) {
                String n = e.getName();
                if (n.startsWith("oem/kit/") && n.endsWith(".class") && n.indexOf('/', "oem/kit/".length()) < 0) {
                    put(j, n, kit.getInputStream(e).readAllBytes());
                }
            }
        }
    }

    private static void put(JarOutputStream j, String name, String text) throws IOException {
        put(j, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(JarOutputStream j, String name, byte[] bytes) throws IOException {
        j.putNextEntry(new JarEntry(name));
        j.write(bytes);
        j.closeEntry();
    }
}
