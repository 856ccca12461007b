package oem.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.core.FabricException;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.Prerequisite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link PackageDescriptor} as JSON, the form of a package's {@code manifest.json} and of a catalog
 * entry:
 *
 * <pre>
 * {"format": 1, "vendor": "dell", "package": "ax760-bios-2-3-5", "component": "bios", "version": "2.3.5",
 *  "models": ["AX-760"], "sha256": "...", "payloadSize": 65536,
 *  "prerequisites": [{"component": "idrac", "minimum": "7.10.70.00"}], "reversible": true, "installSeconds": 300}
 * </pre>
 */
public final class DescriptorJson {

    /** The manifest format this kit reads and writes. */
    public static final int FORMAT = 1;

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final Set<String> FIELDS = Set.of("format", "vendor", "package", "component", "version", "models",
            "sha256", "payloadSize", "prerequisites", "reversible", "installSeconds");

    private DescriptorJson() {
    }

    /**
     * @param d a descriptor
     * @return its JSON object
     */
    public static ObjectNode toJson(PackageDescriptor d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("vendor", d.vendor());
        o.put("package", d.packageId());
        o.put("component", d.componentId());
        o.put("version", d.version().value());
        ArrayNode models = o.putArray("models");
        d.models().stream().sorted().forEach(models::add);
        o.put("sha256", d.sha256());
        o.put("payloadSize", d.payloadSize());
        ArrayNode prereqs = o.putArray("prerequisites");
        for (Prerequisite p : d.prerequisites()) {
            prereqs.addObject().put("component", p.componentId()).put("minimum", p.minimum().value());
        }
        o.put("reversible", d.reversible());
        o.put("installSeconds", d.installTime().toSeconds());
        return o;
    }

    /**
     * @param d a descriptor
     * @return the manifest bytes: its JSON, UTF-8, indented
     */
    public static byte[] manifest(PackageDescriptor d) {
        try {
            return MAPPER.writeValueAsString(toJson(d)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param where the document's name for messages, such as {@code bios.fwpkg: manifest.json}
     * @param bytes manifest bytes
     * @return the descriptor
     * @throws FabricException {@code INVALID_ARGUMENT} listing every problem
     */
    public static PackageDescriptor parse(String where, byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw FabricException.invalid(where, "not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return fromJson(where, node);
    }

    /**
     * @param where the document's name for messages
     * @param node a JSON object
     * @return the descriptor
     * @throws FabricException {@code INVALID_ARGUMENT} listing every problem
     */
    public static PackageDescriptor fromJson(String where, JsonNode node) {
        Problems problems = new Problems(where);
        if (node == null || !node.isObject()) {
            problems.add("manifest", "a JSON object is required");
            problems.throwIfAny();
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(f, "unknown field");
            }
        });
        JsonNode format = node.get("format");
        if (format == null || !format.isInt() || format.intValue() != FORMAT) {
            problems.add("format", "must be " + FORMAT + " (was " + format + ")");
        }
        String vendor = text(node, "vendor", problems);
        String id = text(node, "package", problems);
        String component = text(node, "component", problems);
        FirmwareVersion version = version(node.get("version"), "version", problems);
        Set<String> models = new LinkedHashSet<>();
        JsonNode m = node.get("models");
        if (m == null || !m.isArray() || m.isEmpty()) {
            problems.add("models", "a non-empty array of model names is required");
        } else {
            for (int i = 0; i < m.size(); i++) {
                if (!m.get(i).isTextual() || m.get(i).asText().isBlank()) {
                    problems.add("models[" + i + "]", "a model name is required");
                } else {
                    models.add(m.get(i).asText());
                }
            }
        }
        String sha = text(node, "sha256", problems);
        long size = positive(node, "payloadSize", problems);
        List<Prerequisite> prerequisites = new ArrayList<>();
        JsonNode p = node.get("prerequisites");
        if (p != null && !p.isArray()) {
            problems.add("prerequisites", "must be an array");
        } else if (p != null) {
            for (int i = 0; i < p.size(); i++) {
                JsonNode e = p.get(i);
                String field = "prerequisites[" + i + "]";
                String c = e.path("component").isTextual() ? e.get("component").asText() : null;
                FirmwareVersion min = version(e.get("minimum"), field + ".minimum", problems);
                if (c == null) {
                    problems.add(field + ".component", "a component key is required");
                } else if (min != null) {
                    try {
                        prerequisites.add(new Prerequisite(c, min));
                    } catch (FabricException ex) {
                        problems.add(field, ex.getMessage());
                    }
                }
            }
        }
        JsonNode reversible = node.get("reversible");
        if (reversible == null || !reversible.isBoolean()) {
            problems.add("reversible", "true or false is required");
        }
        long install = positive(node, "installSeconds", problems);
        problems.throwIfAny();
        try {
            return new PackageDescriptor(vendor, id, component, version, models, sha, size, prerequisites,
                    reversible.booleanValue(), Duration.ofSeconds(install));
        } catch (FabricException e) {
            problems.add("manifest", e.getMessage());
            problems.throwIfAny();
            throw e;
        }
    }

    private static String text(JsonNode node, String field, Problems problems) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            problems.add(field, "a text value is required");
            return null;
        }
        return v.asText();
    }

    private static long positive(JsonNode node, String field, Problems problems) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() <= 0) {
            problems.add(field, "a positive whole number is required");
            return 1;
        }
        return v.longValue();
    }

    private static FirmwareVersion version(JsonNode v, String field, Problems problems) {
        if (v == null || !v.isTextual()) {
            problems.add(field, "a version text is required");
            return null;
        }
        try {
            return FirmwareVersion.of(v.asText());
        } catch (FabricException e) {
            problems.add(field, e.violations().isEmpty() ? e.getMessage() : e.violations().get(0).reason());
            return null;
        }
    }
}
