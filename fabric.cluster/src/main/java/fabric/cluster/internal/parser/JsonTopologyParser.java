package fabric.cluster.internal.parser;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.Violation;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.TopologyParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads topology files written in JSON and checks every rule of the fabric, reporting all broken
 * rules at once.
 *
 * <h2>Format</h2>
 * <pre>{@code
 * {
 *   "region": "demo",
 *   "stamps": [{
 *     "name": "stamp-1",
 *     "scaleUnits": [{
 *       "name": "su-1",
 *       "witness": {"kind": "cloud", "location": "https://witness.example.net/su-1"},
 *       "nodes": [{
 *         "name": "node-1", "cores": 32, "memory": "384GiB",
 *         "bmc": "node-1-bmc.demo.fabric", "vendor": "dell", "model": "AX-760",
 *         "disks": [
 *           {"name": "nvme-0", "media": "nvme", "role": "cache", "size": "1.6TB"},
 *           {"name": "hdd-0", "media": "hdd", "role": "capacity", "size": "8TB"}
 *         ],
 *         "nics": [{"name": "nic-0", "speedGbps": 25, "rdma": "roce"}]
 *       }]
 *     }]
 *   }]
 * }
 * }</pre>
 * <ul>
 * <li>Every object has exactly the fields shown; any other field is refused (a typo protection), and
 * a misspelt field gets a "did you mean" hint. Only {@code witness} is optional.</li>
 * <li>Names (region, stamps, scale units, nodes, disks, NICs) follow {@link fabric.api.core.Names}.
 * Stamp, scale unit and node names are unique in the region; disk and NIC names on their node; BMC
 * addresses ({@code host} or {@code host:port}) in the region.</li>
 * <li>{@code cores} and {@code speedGbps} are positive whole numbers; {@code memory} and {@code size}
 * are positive sizes in strings, in binary ({@code 384GiB}) or decimal ({@code 1.6TB}) units.</li>
 * <li>Choices are written in lower case: media {@code nvme}, {@code ssd}, {@code hdd}; role
 * {@code cache}, {@code capacity}; rdma {@code roce}, {@code iwarp}, {@code none}; witness kind
 * {@code cloud}, {@code file-share}. {@code vendor} is one of the known vendor keys.</li>
 * <li>A scale unit has 4 to 16 nodes. Each node has at least one capacity disk; cache disks, if
 * any, number at least two and are of faster media than every capacity disk of the node (so never
 * an hdd); every node of a scale unit has the same drives (count per media and role), as Storage
 * Spaces Direct requires.</li>
 * <li>A node has 1 to 8 NICs, all of the same speed and RDMA transport, as Switch Embedded Teaming
 * requires.</li>
 * </ul>
 *
 * <p>Thread-safe and stateless.
 */
public final class JsonTopologyParser implements TopologyParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern START_MARKER =
            Pattern.compile("\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)");

    private final Set<String> vendors;

    /**
     * @param vendors the vendor keys a node may name, such as {@code dell}
     */
    public JsonTopologyParser(Set<String> vendors) {
        this.vendors = Collections.unmodifiableSet(new TreeSet<>(vendors));
    }

    @Override
    public RegionSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "no such file");
        } catch (CharacterCodingException e) {
            throw unreadable(file, "not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    @Override
    public RegionSpec parse(String json, String source) {
        String name = source == null || source.isBlank() ? "topology" : source;
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(name, e);
        }
        TopologyReader reader = new TopologyReader(vendors);
        RegionSpec region = reader.region(root);
        List<Violation> violations = reader.violations();
        if (!violations.isEmpty()) {
            String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, name + ": " + violations.get(0) + more,
                    violations, null);
        }
        return region;
    }

    /**
     * @param constant a constant of a topology enum
     * @return how the topology file writes it: lower case, {@code _} as {@code -} (such as {@code file-share})
     */
    public static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static FabricException unreadable(Path file, String reason) {
        Violation v = new Violation("file", "cannot read the topology file: " + reason);
        return new FabricException(ErrorCode.INVALID_ARGUMENT, file + ": " + v.reason(), List.of(v), null);
    }

    private static FabricException malformed(String source, JsonProcessingException e) {
        String detail = String.valueOf(e.getOriginalMessage());
        Matcher m = START_MARKER.matcher(detail);
        if (m.find()) {
            detail = m.replaceFirst("(opened at line " + m.group(1) + ", column " + m.group(2) + ")");
        }
        detail = detail.replaceAll("\\s+", " ").strip();
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String field = e.getProcessor() instanceof JsonParser p
                ? FieldPath.fromPointer(p.getParsingContext().pathAsPointer().toString())
                : FieldPath.ROOT;
        Violation v = new Violation(field, "malformed JSON" + where + ": " + detail);
        return new FabricException(ErrorCode.INVALID_ARGUMENT, source + ": malformed JSON" + where + " (in " + field
                + "): " + detail, List.of(v), e);
    }
}
