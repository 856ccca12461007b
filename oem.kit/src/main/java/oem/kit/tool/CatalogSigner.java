package oem.kit.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import oem.kit.Ed25519;
import oem.kit.Sha256;

/**
 * Release tooling for a vendor's sample data.
 *
 * <pre>
 * java oem.kit.tool.CatalogSigner keygen OEM-INF-DIR PRIVATE-KEY-FILE   # new key pair: signing-key.pub + private key
 * java oem.kit.tool.CatalogSigner sign OEM-INF-DIR PRIVATE-KEY-FILE     # fill sha256 of sample payloads, sign catalog.json
 * java oem.kit.tool.CatalogSigner package OEM-INF-DIR PRIVATE-KEY-FILE PACKAGE-ID OUT [tampered]
 *                                                   # a signed sample package of the catalog (or one with an altered payload)
 * </pre>
 */
public final class CatalogSigner {

    private CatalogSigner() {
    }

    /**
     * @param args the mode, the OEM-INF folder and the private key file
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Path privateKey = Path.of(args[2]);
        if (args[0].equals("keygen")) {
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            KeyPair pair = Ed25519.generate(Base64.getEncoder().encodeToString(seed));
            Files.writeString(dir.resolve("signing-key.pub"), Ed25519.text(pair.getPublic()) + "\n");
            Files.createDirectories(privateKey.toAbsolutePath().getParent());
            Files.writeString(privateKey, "# sample vendor signing key: for tests only\n" + Ed25519.text(pair
                    .getPrivate()) + "\n");
            return;
        }
        if (args[0].equals("package")) {
            oem.kit.VendorData data = oem.kit.VendorData.load(name -> {
                try {
                    return Files.readAllBytes(dir.resolve(name));
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            fabric.api.oem.PackageDescriptor entry = data.catalog().packages().stream().filter(p -> p.packageId()
                    .equals(args[3])).findFirst().orElseThrow(() -> new IllegalArgumentException("no package "
                            + args[3] + " in the catalog"));
            PackageBuilder builder = PackageBuilder.of(entry).signedWith(Ed25519.privateKey(Files.readString(
                    privateKey)));
            if (args.length > 5 && args[5].equals("tampered")) {
                builder.tamperedPayload();
            }
            Files.write(Path.of(args[4]), builder.build());
            return;
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path catalog = dir.resolve("catalog.json");
        JsonNode root = mapper.readTree(catalog.toFile());
        for (JsonNode p : root.path("packages")) {
            byte[] payload = SamplePayloads.of(p.path("package").asText(), p.path("payloadSize").asLong());
            ((ObjectNode) p).put("sha256", Sha256.hex(payload));
        }
        byte[] bytes = (mapper.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(catalog, bytes);
        byte[] signature = Ed25519.sign(Ed25519.privateKey(Files.readString(privateKey)), bytes);
        Files.writeString(dir.resolve("catalog.json.sig"), Base64.getEncoder().encodeToString(signature) + "\n");
    }
}
