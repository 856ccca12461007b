package fabric.cluster.internal.parser;

import com.fasterxml.jackson.databind.JsonNode;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.core.Violation;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import fabric.api.topology.DiskSpec;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.RdmaKind;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.api.topology.WitnessKind;
import fabric.api.topology.WitnessSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks one topology document, collecting every broken rule. Used once per document. Each part is
 * built only when nothing inside it broke a rule, so the region comes out only from a valid document.
 */
final class TopologyReader {

    private static final List<String> REGION_FIELDS = List.of("region", "stamps");
    private static final List<String> STAMP_FIELDS = List.of("name", "scaleUnits");
    private static final List<String> SCALE_UNIT_FIELDS = List.of("name", "witness", "nodes");
    private static final List<String> WITNESS_FIELDS = List.of("kind", "location");
    private static final List<String> NODE_FIELDS =
            List.of("name", "cores", "memory", "bmc", "vendor", "model", "disks", "nics");
    private static final List<String> DISK_FIELDS = List.of("name", "media", "role", "size");
    private static final List<String> NIC_FIELDS = List.of("name", "speedGbps", "rdma");

    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST_PORT = Pattern.compile(
            "(" + LABEL + "(\\." + LABEL + ")*|\\[[0-9A-Fa-f:.]+\\])(:(6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}"
                    + "|[1-5]\\d{4}|[1-9]\\d{0,3}))?");

    private final Set<String> vendors;
    private final Violations violations = new Violations();
    private final JsonFields fields = new JsonFields(violations);
    private final UniqueNames stampNames =
            new UniqueNames("stamp name", "stamp names are unique in the region", false, violations);
    private final UniqueNames scaleUnitNames =
            new UniqueNames("scale unit name", "scale unit names are unique in the region", false, violations);
    private final UniqueNames nodeNames =
            new UniqueNames("node name", "node names are unique in the region", false, violations);
    private final UniqueNames bmcAddresses =
            new UniqueNames("BMC address", "every node has its own BMC", true, violations);

    /** A node as read: its declaration if valid, and its drives if every disk is valid. */
    private record ReadNode(String name, String path, NodeSpec spec, List<DiskSpec> disks) {
    }

    /**
     * @param vendors the known vendor keys, sorted
     */
    TopologyReader(Set<String> vendors) {
        this.vendors = vendors;
    }

    /** @return every broken rule found, in document order */
    List<Violation> violations() {
        return violations.list();
    }

    /**
     * @param root the parsed document; a missing node for an empty document
     * @return the region, or {@code null} when the document broke a rule
     */
    RegionSpec region(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            violations.add(FieldPath.ROOT, "the document is empty; expected an object with region and stamps");
            return null;
        }
        if (!fields.isObject(root, FieldPath.ROOT)) {
            return null;
        }
        fields.onlyKnown(root, "", REGION_FIELDS);
        String name = fields.name(root, "", "region");
        List<StampSpec> stamps = new ArrayList<>();
        List<JsonNode> elements = fields.array(root, "", "stamps");
        if (elements != null) {
            if (elements.isEmpty()) {
                violations.add("stamps", "a region needs at least one stamp");
            }
            for (int i = 0; i < elements.size(); i++) {
                StampSpec stamp = stamp(elements.get(i), FieldPath.at("stamps", i));
                if (stamp != null) {
                    stamps.add(stamp);
                }
            }
        }
        return violations.addedSince(0) ? null : new RegionSpec(name, stamps);
    }

    private StampSpec stamp(JsonNode json, String path) {
        if (!fields.isObject(json, path)) {
            return null;
        }
        int mark = violations.mark();
        fields.onlyKnown(json, path, STAMP_FIELDS);
        String name = fields.name(json, path, "name");
        if (name != null) {
            stampNames.claim(name, FieldPath.of(path, "name"), path);
        }
        List<ScaleUnitSpec> units = new ArrayList<>();
        String unitsPath = FieldPath.of(path, "scaleUnits");
        List<JsonNode> elements = fields.array(json, path, "scaleUnits");
        if (elements != null) {
            if (elements.isEmpty()) {
                violations.add(unitsPath, "a stamp needs at least one scale unit");
            }
            for (int i = 0; i < elements.size(); i++) {
                ScaleUnitSpec unit = scaleUnit(elements.get(i), FieldPath.at(unitsPath, i));
                if (unit != null) {
                    units.add(unit);
                }
            }
        }
        return violations.addedSince(mark) ? null : new StampSpec(name, units);
    }

    private ScaleUnitSpec scaleUnit(JsonNode json, String path) {
        if (!fields.isObject(json, path)) {
            return null;
        }
        int mark = violations.mark();
        fields.onlyKnown(json, path, SCALE_UNIT_FIELDS);
        String name = fields.name(json, path, "name");
        if (name != null) {
            scaleUnitNames.claim(name, FieldPath.of(path, "name"), path);
        }
        Optional<WitnessSpec> witness = witness(json, path);
        List<NodeSpec> nodes = new ArrayList<>();
        String nodesPath = FieldPath.of(path, "nodes");
        List<JsonNode> elements = fields.array(json, path, "nodes");
        if (elements != null) {
            if (elements.size() < ScaleUnitSpec.MIN_NODES || elements.size() > ScaleUnitSpec.MAX_NODES) {
                violations.add(nodesPath, "a scale unit has " + ScaleUnitSpec.MIN_NODES + " to "
                        + ScaleUnitSpec.MAX_NODES + " nodes, not " + elements.size());
            }
            ReadNode reference = null;
            for (int i = 0; i < elements.size(); i++) {
                ReadNode node = node(elements.get(i), FieldPath.at(nodesPath, i));
                if (node == null) {
                    continue;
                }
                if (node.spec() != null) {
                    nodes.add(node.spec());
                }
                if (node.disks() != null) {
                    if (reference == null) {
                        reference = node;
                    } else {
                        HardwareRules.checkSameDrives(DriveConfiguration.of(node.disks()), node.path(),
                                DriveConfiguration.of(reference.disks()), reference.name(), violations);
                    }
                }
            }
        }
        return violations.addedSince(mark) ? null : new ScaleUnitSpec(ScaleUnitId.of(name), nodes, witness);
    }

    private Optional<WitnessSpec> witness(JsonNode scaleUnit, String scaleUnitPath) {
        JsonNode json = scaleUnit.get("witness");
        String path = FieldPath.of(scaleUnitPath, "witness");
        if (json == null || json.isNull() || !fields.isObject(json, path)) {
            return Optional.empty();
        }
        fields.onlyKnown(json, path, WITNESS_FIELDS);
        WitnessKind kind = fields.choice(json, path, "kind", WitnessKind.class);
        String location = fields.text(json, path, "location");
        return kind == null || location == null ? Optional.empty() : Optional.of(new WitnessSpec(kind, location));
    }

    private ReadNode node(JsonNode json, String path) {
        if (!fields.isObject(json, path)) {
            return null;
        }
        int mark = violations.mark();
        fields.onlyKnown(json, path, NODE_FIELDS);
        String name = fields.name(json, path, "name");
        if (name != null) {
            nodeNames.claim(name, FieldPath.of(path, "name"), path);
        }
        Integer cores = fields.positiveInt(json, path, "cores");
        Long memory = fields.size(json, path, "memory");
        String bmc = bmc(json, path, name);
        String vendor = vendor(json, path);
        String model = fields.text(json, path, "model");
        List<DiskSpec> disks = disks(json, path);
        List<NicSpec> nics = nics(json, path);
        NodeSpec spec = violations.addedSince(mark) ? null
                : new NodeSpec(NodeId.of(name), cores, memory, disks, nics, bmc, vendor, model);
        return new ReadNode(name == null ? path : name, path, spec, disks);
    }

    private String bmc(JsonNode node, String nodePath, String nodeName) {
        String bmc = fields.text(node, nodePath, "bmc");
        if (bmc == null) {
            return null;
        }
        String path = FieldPath.of(nodePath, "bmc");
        if (!HOST_PORT.matcher(bmc).matches()) {
            violations.add(path, "'" + bmc + "' is not a host or host:port");
            return null;
        }
        bmcAddresses.claim(bmc, path, nodeName == null ? nodePath : nodeName);
        return bmc;
    }

    private String vendor(JsonNode node, String nodePath) {
        String vendor = fields.text(node, nodePath, "vendor");
        if (vendor != null && !vendors.contains(vendor)) {
            violations.add(FieldPath.of(nodePath, "vendor"), JsonFields.oneOf("vendor", vendor, vendors));
            return null;
        }
        return vendor;
    }

    /** @return the node's disks when every one is valid (then checked against the drive rules), else {@code null} */
    private List<DiskSpec> disks(JsonNode node, String nodePath) {
        List<JsonNode> elements = fields.array(node, nodePath, "disks");
        if (elements == null) {
            return null;
        }
        int mark = violations.mark();
        UniqueNames diskNames = new UniqueNames("disk name", "disk names are unique on a node", false, violations);
        List<DiskSpec> disks = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            String path = FieldPath.at(FieldPath.of(nodePath, "disks"), i);
            JsonNode json = elements.get(i);
            if (!fields.isObject(json, path)) {
                continue;
            }
            fields.onlyKnown(json, path, DISK_FIELDS);
            String name = fields.name(json, path, "name");
            if (name != null) {
                diskNames.claim(name, FieldPath.of(path, "name"), path);
            }
            DiskMedia media = fields.choice(json, path, "media", DiskMedia.class);
            DiskRole role = fields.choice(json, path, "role", DiskRole.class);
            Long size = fields.size(json, path, "size");
            if (name != null && media != null && role != null && size != null) {
                disks.add(new DiskSpec(name, media, role, size));
            }
        }
        if (violations.addedSince(mark)) {
            return null;
        }
        HardwareRules.checkDrives(disks, nodePath, violations);
        return disks;
    }

    private List<NicSpec> nics(JsonNode node, String nodePath) {
        List<JsonNode> elements = fields.array(node, nodePath, "nics");
        if (elements == null) {
            return null;
        }
        HardwareRules.checkNicCount(elements.size(), nodePath, violations);
        int mark = violations.mark();
        UniqueNames nicNames = new UniqueNames("NIC name", "NIC names are unique on a node", false, violations);
        List<NicSpec> nics = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            String path = FieldPath.at(FieldPath.of(nodePath, "nics"), i);
            JsonNode json = elements.get(i);
            if (!fields.isObject(json, path)) {
                continue;
            }
            fields.onlyKnown(json, path, NIC_FIELDS);
            String name = fields.name(json, path, "name");
            if (name != null) {
                nicNames.claim(name, FieldPath.of(path, "name"), path);
            }
            Integer speed = fields.positiveInt(json, path, "speedGbps");
            RdmaKind rdma = fields.choice(json, path, "rdma", RdmaKind.class);
            if (name != null && speed != null && rdma != null) {
                nics.add(new NicSpec(name, speed, rdma));
            }
        }
        if (violations.addedSince(mark)) {
            return null;
        }
        HardwareRules.checkNicsIdentical(nics, nodePath, violations);
        return nics;
    }
}
