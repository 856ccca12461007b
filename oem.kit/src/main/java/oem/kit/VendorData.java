package oem.kit;

import com.fasterxml.jackson.databind.JsonNode;
import fabric.api.core.FabricException;
import fabric.api.core.Names;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.ComponentKind;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.PackageDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a vendor bundle ships as data, under {@code OEM-INF/} in the bundle:
 * <ul>
 * <li>{@code vendor.json}: the vendor key, its name and its {@link SequencingRules};</li>
 * <li>{@code profiles.json}: the certified models, their components and baselines;</li>
 * <li>{@code signing-key.pub}: the vendor's Ed25519 public key (Base64 X.509);</li>
 * <li>{@code catalog.json} and {@code catalog.json.sig}: the firmware catalog and its Ed25519
 *     signature (Base64) by the same key; a catalog whose signature does not verify is refused.</li>
 * </ul>
 *
 * @param vendor the vendor key
 * @param name the vendor's name
 * @param rules its sequencing rules
 * @param profiles its certified models
 * @param catalog its packages
 * @param publicKey its signing key
 */
public record VendorData(String vendor, String name, SequencingRules rules, List<ProfileData> profiles,
        CatalogData catalog, PublicKey publicKey) {

    /** The folder of the vendor's data inside its bundle. */
    public static final String FOLDER = "OEM-INF/";

    /** Copies the list. */
    public VendorData {
        profiles = List.copyOf(profiles);
    }

    /**
     * Loads and checks a vendor's data.
     *
     * @param resources the bytes of a file under {@link #FOLDER} by its name, or {@code null} when missing
     * @return the data
     * @throws FabricException {@code INVALID_ARGUMENT} naming the file and the problem (missing file,
     *         bad JSON, a catalog whose signature does not verify, a package for an unknown model)
     */
    public static VendorData load(Function<String, byte[]> resources) {
        JsonNode v = json(resources, "vendor.json");
        String vendor = Names.require("vendor.json vendor", v.path("vendor").asText(null));
        String name = v.path("name").asText(vendor);
        SequencingRules rules = rules(v.path("sequencing"));
        PublicKey key;
        try {
            key = Ed25519.publicKey(text(resources, "signing-key.pub"));
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid(FOLDER + "signing-key.pub", e.getMessage());
        }
        List<ProfileData> profiles = new ArrayList<>();
        for (JsonNode p : json(resources, "profiles.json").path("profiles")) {
            profiles.add(profile(vendor, p));
        }
        if (profiles.isEmpty()) {
            throw FabricException.invalid(FOLDER + "profiles.json", "no profile");
        }
        byte[] catalogBytes = bytes(resources, "catalog.json");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text(resources, "catalog.json.sig").strip());
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid(FOLDER + "catalog.json.sig", "not Base64");
        }
        if (!Ed25519.verify(key, catalogBytes, signature)) {
            throw FabricException.invalid(FOLDER + "catalog.json", "its signature does not verify with the vendor's"
                    + " key; the catalog was altered or signed with another key");
        }
        CatalogData catalog = catalog(vendor, parse("catalog.json", catalogBytes), profiles);
        return new VendorData(vendor, name, rules, profiles, catalog, key);
    }

    private static SequencingRules rules(JsonNode s) {
        try {
            List<ComponentKind> order = new ArrayList<>();
            s.path("componentOrder").forEach(k -> order.add(ComponentKind.valueOf(k.asText())));
            return new SequencingRules(order, s.path("stageWhileRunning").asBoolean(),
                    kinds(s.path("applyImmediately")), kinds(s.path("applyOnline")), kinds(s.path("rebootAfter")),
                    s.path("activatesInOrderAtReset").asBoolean(false),
                    Duration.ofSeconds(s.path("stageSeconds").asLong()), Duration.ofSeconds(s.path("rebootSeconds")
                            .asLong()), s.path("summary").asText(""));
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid(FOLDER + "vendor.json sequencing", e.getMessage());
        }
    }

    private static Set<ComponentKind> kinds(JsonNode array) {
        Set<ComponentKind> kinds = EnumSet.noneOf(ComponentKind.class);
        array.forEach(k -> kinds.add(ComponentKind.valueOf(k.asText())));
        return kinds;
    }

    private static ProfileData profile(String vendor, JsonNode p) {
        String model = p.path("model").asText(null);
        try {
            List<HardwareComponent> components = new ArrayList<>();
            for (JsonNode c : p.path("components")) {
                components.add(new HardwareComponent(c.path("id").asText(null), ComponentKind.valueOf(c.path("kind")
                        .asText()), c.path("description").asText(null)));
            }
            List<CertifiedBaseline> baselines = new ArrayList<>();
            for (JsonNode b : p.path("baselines")) {
                Map<String, FirmwareVersion> versions = new LinkedHashMap<>();
                b.path("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), FirmwareVersion.of(e
                        .getValue().asText())));
                baselines.add(new CertifiedBaseline(b.path("name").asText(null), versions));
            }
            return new ProfileData(vendor, model, p.path("bmcProduct").asText(""), components, baselines);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw FabricException.invalid(FOLDER + "profiles.json " + model, String.valueOf(e.getMessage()));
        }
    }

    private static CatalogData catalog(String vendor, JsonNode c, List<ProfileData> profiles) {
        if (!vendor.equals(c.path("vendor").asText())) {
            throw FabricException.invalid(FOLDER + "catalog.json", "vendor '" + c.path("vendor").asText()
                    + "' is not '" + vendor + "'");
        }
        List<PackageDescriptor> packages = new ArrayList<>();
        int i = 0;
        for (JsonNode p : c.path("packages")) {
            PackageDescriptor d = DescriptorJson.fromJson(FOLDER + "catalog.json packages[" + i++ + "]", p);
            if (!d.vendor().equals(vendor)) {
                throw FabricException.invalid(FOLDER + "catalog.json " + d.packageId(), "another vendor");
            }
            for (String model : d.models()) {
                ProfileData profile = profiles.stream().filter(x -> x.model().equals(model)).findFirst()
                        .orElseThrow(() -> FabricException.invalid(FOLDER + "catalog.json " + d.packageId(),
                                "unknown model '" + model + "'"));
                if (profile.component(d.componentId()).isEmpty()) {
                    throw FabricException.invalid(FOLDER + "catalog.json " + d.packageId(), "model " + model
                            + " has no component '" + d.componentId() + "'");
                }
            }
            packages.add(d);
        }
        return new CatalogData(vendor, packages);
    }

    private static byte[] bytes(Function<String, byte[]> resources, String file) {
        byte[] b = resources.apply(file);
        if (b == null) {
            throw FabricException.invalid(FOLDER + file, "missing from the vendor bundle");
        }
        return b;
    }

    private static String text(Function<String, byte[]> resources, String file) {
        return new String(bytes(resources, file), StandardCharsets.UTF_8);
    }

    private static JsonNode json(Function<String, byte[]> resources, String file) {
        return parse(file, bytes(resources, file));
    }

    private static JsonNode parse(String file, byte[] bytes) {
        try {
            return DescriptorJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw FabricException.invalid(FOLDER + file, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
