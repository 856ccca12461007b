package fabric.cluster.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.ScaleUnitId;
import fabric.api.core.Violation;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.RdmaKind;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.WitnessKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of the topology file, each shown refusing a file that breaks it. */
class JsonTopologyParserTest {

    private static final String SU = "stamps[0].scaleUnits[0]";
    private static final String NODE0 = SU + ".nodes[0]";

    private final JsonTopologyParser parser = Refusals.PARSER;

    // ---- the valid file

    @Test
    void theDemoFileParses() {
        RegionSpec region = parser.read(DemoDocument.FILE);
        assertEquals("demo", region.name());
        assertEquals("stamp-1", region.stamps().get(0).name());
        ScaleUnitSpec su = region.stamps().get(0).scaleUnits().get(0);
        assertEquals(ScaleUnitId.of("su-1"), su.id());
        assertTrue(su.witness().isEmpty(), "the demo has no witness, so losing 2 of 4 nodes takes it offline");
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"),
                su.nodes().stream().map(n -> n.id().value()).toList());
        for (NodeSpec node : su.nodes()) {
            assertEquals("dell", node.vendor());
            assertEquals("AX-760", node.model());
            assertEquals(32, node.cores());
            assertEquals(384L << 30, node.memoryBytes());
            assertEquals(node.id() + "-bmc.demo.fabric", node.bmcAddress());
            assertEquals(2, node.disks(DiskRole.CACHE).size());
            assertTrue(node.disks(DiskRole.CACHE).stream().allMatch(d -> d.media() == DiskMedia.NVME));
            assertEquals(4, node.disks(DiskRole.CAPACITY).size());
            assertTrue(node.disks(DiskRole.CAPACITY).stream().allMatch(d -> d.media() == DiskMedia.HDD));
            assertEquals(1_600_000_000_000L, node.disks().get(0).sizeBytes());
            assertEquals(2, node.nics().size());
            assertTrue(node.nics().stream().allMatch(n -> n.speedGbps() == 25 && n.rdma() == RdmaKind.ROCE));
        }
    }

    @Test
    void aWitnessIsOptionalAndItsKindIsWrittenWithAHyphen() {
        DemoDocument doc = DemoDocument.load();
        doc.scaleUnit().putObject("witness").put("kind", "file-share").put("location", "\\\\fs1\\witness");
        ScaleUnitSpec su = parser.parse(doc.json(), "t.json").scaleUnits().get(0);
        assertEquals(WitnessKind.FILE_SHARE, su.witness().orElseThrow().kind());
        assertEquals("\\\\fs1\\witness", su.witness().orElseThrow().location());
        assertEquals(5, su.totalVotes());
    }

    @Test
    void otherValidHardwareIsAccepted() {
        DemoDocument doc = DemoDocument.load().eachNode(n -> {
            n.put("bmc", n.get("name").asText() + "-bmc.demo.fabric:623");
            for (int i = 0; i < 2; i++) {
                ((ObjectNode) n.get("disks").get(i)).put("media", "ssd");
            }
        });
        assertEquals(4, parser.parse(doc.json(), "t.json").nodes().size(), "ssd cache in front of hdd");
        DemoDocument allFlash = DemoDocument.load().eachNode(n -> {
            for (int i = 0; i < 6; i++) {
                ((ObjectNode) n.get("disks").get(i)).put("media", "nvme").put("role", "capacity");
            }
        });
        assertEquals(4, parser.parse(allFlash.json(), "t.json").nodes().size(), "capacity only, no cache");
    }

    // ---- the file as a whole

    @Test
    void malformedJsonIsOneLineWithLineAndColumn() {
        FabricException e = Refusals.refused("{\"region\": \"demo\",\n \"stamps\": [", "bad.json");
        assertTrue(e.getMessage().startsWith("bad.json: malformed JSON at line 2, column 13"), e.getMessage());
        assertTrue(e.getMessage().contains("(opened at line 2, column 12)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(1, e.violations().size());
        assertEquals("stamps", e.violations().get(0).field());
    }

    @Test
    void aFieldGivenTwiceIsMalformed() {
        FabricException e = Refusals.refused("{\"region\": \"demo\", \"region\": \"other\", \"stamps\": []}", "t.json");
        assertTrue(e.getMessage().contains("Duplicate field 'region'"), e.getMessage());
    }

    @Test
    void trailingContentIsMalformed() {
        FabricException e = Refusals.refused(DemoDocument.text() + " {}", "t.json");
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void anEmptyDocumentOrOneThatIsNotAnObjectIsRefused() {
        Refusals.assertViolation(Refusals.refused("  ", "t.json"), "(root)", "the document is empty");
        Refusals.assertViolation(Refusals.refused("[1, 2]", "t.json"), "(root)", "must be an object, not an array");
    }

    @Test
    void aFileThatCannotBeReadIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.json");
        FabricException e = assertThrows(FabricException.class, () -> parser.read(missing));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(missing + ": cannot read the topology file: no such file", e.getMessage());
    }

    @Test
    void everyProblemIsCollectedAndTheMessageNamesTheFirst(@TempDir Path dir) throws Exception {
        DemoDocument doc = DemoDocument.load();
        doc.root().put("region", "Demo");
        doc.node(1).put("cores", 0);
        doc.disk(3, 5).put("media", "floppy");
        Path file = dir.resolve("broken.json");
        Files.writeString(file, doc.json());
        FabricException e = assertThrows(FabricException.class, () -> parser.read(file));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(3, e.violations().size(), e.violations().toString());
        assertEquals(file + ": region: " + e.violations().get(0).reason() + " (and 2 more)", e.getMessage());
        assertEquals(List.of("region", SU + ".nodes[1].cores", SU + ".nodes[3].disks[5].media"),
                e.violations().stream().map(Violation::field).toList());
    }

    @Test
    void aDuplicateNodeAndAnUnknownMediaAreBothReported() {
        String bad = DemoDocument.text().replace("\"node-4\"", "\"node-3\"").replace("\"nvme\"", "\"floppy\"");
        FabricException e = Refusals.refused(bad, "bad.json");
        assertTrue(e.violations().stream().anyMatch(v -> v.reason().contains("node-3")), e.violations().toString());
        assertTrue(e.violations().stream().anyMatch(v -> v.field().endsWith(".media")), e.violations().toString());
    }

    // ---- fields

    @Test
    void unknownFieldsAreRefusedWithAHint() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).put("memroy", "1GiB");
        doc.disk(0, 0).put("speed", "fast");
        doc.root().put("comment", "x");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".memroy", "unknown field; did you mean 'memory'? (expected: name, cores,"
                + " memory, bmc, vendor, model, disks, nics)");
        Refusals.assertViolation(e, NODE0 + ".disks[0].speed", "unknown field (expected: name, media, role, size)");
        Refusals.assertViolation(e, "comment", "unknown field");
    }

    @Test
    void namesAreRequiredAndFollowTheNamingRule() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).remove("name");
        doc.node(1).put("name", "");
        doc.node(2).put("name", "Node_3");
        doc.stamp().put("name", "  ");
        doc.disk(3, 0).put("name", "nvme-");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".name", "is required");
        Refusals.assertViolation(e, SU + ".nodes[1].name", "a name is required");
        Refusals.assertViolation(e, SU + ".nodes[2].name", "'Node_3' is not a valid name");
        Refusals.assertViolation(e, "stamps[0].name", "is not a valid name");
        Refusals.assertViolation(e, SU + ".nodes[3].disks[0].name", "'nvme-' is not a valid name");
    }

    @Test
    void wrongJsonTypesAreRefused() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).put("cores", "32");
        doc.node(1).put("cores", 2.5);
        doc.node(2).put("memory", 412316860416L);
        doc.node(3).put("disks", "six");
        doc.scaleUnit().put("name", 1);
        doc.nic(0, 0).put("speedGbps", true);
        doc.scaleUnit().putArray("witness");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".cores", "must be a whole number, not a string");
        Refusals.assertViolation(e, SU + ".nodes[1].cores", "must be a whole number, not 2.5");
        Refusals.assertViolation(e, SU + ".nodes[2].memory", "must be a size in a string, such as \"384GiB\" or \"1.6TB\", not"
                + " a number");
        Refusals.assertViolation(e, SU + ".nodes[3].disks", "must be an array, not a string");
        Refusals.assertViolation(e, SU + ".name", "must be a string, not a number");
        Refusals.assertViolation(e, NODE0 + ".nics[0].speedGbps", "must be a whole number, not a boolean");
        Refusals.assertViolation(e, SU + ".witness", "must be an object, not an array");
    }

    @Test
    void requiredArraysMustBePresent() {
        DemoDocument doc = DemoDocument.load();
        doc.stamp().remove("scaleUnits");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, "stamps[0].scaleUnits", "is required");
    }

    @Test
    void fieldsOfANodeMustBePresent() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).remove("bmc");
        doc.node(0).putNull("cores");
        doc.disk(0, 0).remove("size");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".bmc", "is required");
        Refusals.assertViolation(e, NODE0 + ".cores", "is required");
        Refusals.assertViolation(e, NODE0 + ".disks[0].size", "is required");
    }

    @Test
    void amountsMustBePositive() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).put("cores", 0);
        doc.node(1).put("cores", -4);
        doc.node(2).put("memory", "0GiB");
        doc.node(3).put("memory", "lots");
        doc.disk(0, 2).put("size", "0TB");
        doc.nic(1, 0).put("speedGbps", 0);
        doc.node(1).put("cores", 12_345_678_901L);
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".cores", "must be positive, not 0");
        Refusals.assertViolation(e, SU + ".nodes[1].cores", "12345678901 is too large");
        Refusals.assertViolation(e, SU + ".nodes[2].memory", "must be positive, not '0GiB'");
        Refusals.assertViolation(e, SU + ".nodes[3].memory", "'lots' is not a size");
        Refusals.assertViolation(e, NODE0 + ".disks[2].size", "must be positive, not '0TB'");
        Refusals.assertViolation(e, SU + ".nodes[1].nics[0].speedGbps", "must be positive, not 0");
    }

    @Test
    void negativeCoresAreRefused() {
        DemoDocument doc = DemoDocument.load();
        doc.node(1).put("cores", -4);
        Refusals.assertViolation(Refusals.refused(doc.json(), "t.json"), SU + ".nodes[1].cores", "must be positive, not -4");
    }

    @Test
    void unknownChoicesListTheAllowedOnes() {
        DemoDocument doc = DemoDocument.load();
        doc.disk(0, 0).put("media", "floppy");
        doc.disk(1, 0).put("role", "journal");
        doc.nic(2, 0).put("rdma", "infiniband");
        doc.disk(3, 0).put("media", "NVMe");
        doc.scaleUnit().putObject("witness").put("kind", "disk").put("location", "x");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".disks[0].media", "unknown media 'floppy' (allowed: nvme, ssd, hdd)");
        Refusals.assertViolation(e, SU + ".nodes[1].disks[0].role", "unknown role 'journal' (allowed: cache, capacity)");
        Refusals.assertViolation(e, SU + ".nodes[2].nics[0].rdma", "unknown rdma 'infiniband' (allowed: roce, iwarp, none)");
        Refusals.assertViolation(e, SU + ".nodes[3].disks[0].media", "'NVMe' must be written in lower case: 'nvme'");
        Refusals.assertViolation(e, SU + ".witness.kind", "unknown kind 'disk' (allowed: cloud, file-share)");
    }

    @Test
    void aWitnessNeedsALocation() {
        DemoDocument doc = DemoDocument.load();
        doc.scaleUnit().putObject("witness").put("kind", "cloud").put("location", " ");
        Refusals.assertViolation(Refusals.refused(doc.json(), "t.json"), SU + ".witness.location", "must not be blank");
    }

    @Test
    void unknownVendorsListTheKnownOnes() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).put("vendor", "acme");
        doc.node(1).put("vendor", "Dell");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".vendor", "unknown vendor 'acme' (allowed: cisco, dell, hpe, lenovo)");
        Refusals.assertViolation(e, SU + ".nodes[1].vendor", "'Dell' must be written in lower case: 'dell'");
        FabricException none = assertThrows(FabricException.class,
                () -> new JsonTopologyParser(Set.of()).parse(DemoDocument.text(), "t.json"));
        Refusals.assertViolation(none, NODE0 + ".vendor", "unknown vendor 'dell' (allowed: none are configured)");
    }

    @Test
    void aModelIsRequired() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).put("model", " ");
        doc.node(1).remove("model");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".model", "must not be blank");
        Refusals.assertViolation(e, SU + ".nodes[1].model", "is required");
    }

    @Test
    void aBmcIsAHostOrHostAndPort() {
        DemoDocument doc = DemoDocument.load();
        doc.node(0).put("bmc", "not a host");
        doc.node(1).put("bmc", "bmc.example:99999");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".bmc", "'not a host' is not a host or host:port");
        Refusals.assertViolation(e, SU + ".nodes[1].bmc", "'bmc.example:99999' is not a host or host:port");
    }

    // ---- counts and uniqueness

    @Test
    void aScaleUnitHasFourToSixteenNodes() {
        DemoDocument three = DemoDocument.load();
        three.nodes().remove(3);
        Refusals.assertViolation(Refusals.refused(three.json(), "t.json"), SU + ".nodes", "a scale unit has 4 to 16 nodes, not 3");

        DemoDocument seventeen = DemoDocument.load();
        for (int i = 5; i <= 17; i++) {
            ObjectNode copy = seventeen.node(0).deepCopy();
            copy.put("name", "node-" + i).put("bmc", "node-" + i + "-bmc.demo.fabric");
            seventeen.nodes().add(copy);
        }
        Refusals.assertViolation(Refusals.refused(seventeen.json(), "t.json"), SU + ".nodes", "a scale unit has 4 to 16 nodes, not 17");
    }

    @Test
    void aRegionNeedsStampsAndAStampNeedsScaleUnits() {
        DemoDocument noStamps = DemoDocument.load();
        noStamps.root().putArray("stamps");
        Refusals.assertViolation(Refusals.refused(noStamps.json(), "t.json"), "stamps", "a region needs at least one stamp");
        DemoDocument noUnits = DemoDocument.load();
        noUnits.stamp().putArray("scaleUnits");
        Refusals.assertViolation(Refusals.refused(noUnits.json(), "t.json"), "stamps[0].scaleUnits",
                "a stamp needs at least one scale unit");
    }

    @Test
    void stampScaleUnitAndNodeNamesAreUniqueInTheRegion() {
        DemoDocument doc = DemoDocument.load();
        ObjectNode stamp2 = doc.stamp().deepCopy();
        ((ArrayNode) doc.root().get("stamps")).add(stamp2);
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, "stamps[1].name", "stamp name 'stamp-1' is already used by stamps[0]; stamp names are"
                + " unique in the region");
        Refusals.assertViolation(e, "stamps[1].scaleUnits[0].name", "scale unit name 'su-1' is already used by " + SU);
        Refusals.assertViolation(e, "stamps[1].scaleUnits[0].nodes[2].name", "node name 'node-3' is already used by "
                + SU + ".nodes[2]; node names are unique in the region");
        Refusals.assertViolation(e, "stamps[1].scaleUnits[0].nodes[2].bmc", "BMC address 'node-3-bmc.demo.fabric' is already"
                + " used by node-3; every node has its own BMC");
    }

    @Test
    void bmcAddressesAreUniqueIgnoringCase() {
        DemoDocument doc = DemoDocument.load();
        doc.node(1).put("bmc", "NODE-1-BMC.demo.fabric");
        Refusals.assertViolation(Refusals.refused(doc.json(), "t.json"), SU + ".nodes[1].bmc",
                "BMC address 'NODE-1-BMC.demo.fabric' is already used by node-1");
    }

    @Test
    void diskAndNicNamesAreUniqueOnTheirNode() {
        DemoDocument doc = DemoDocument.load();
        doc.disk(0, 1).put("name", "nvme-0");
        doc.nic(0, 1).put("name", "nic-0");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".disks[1].name", "disk name 'nvme-0' is already used by " + NODE0
                + ".disks[0]; disk names are unique on a node");
        Refusals.assertViolation(e, NODE0 + ".nics[1].name", "NIC name 'nic-0' is already used by " + NODE0
                + ".nics[0]; NIC names are unique on a node");
        assertEquals(2, e.violations().size(), "the same disk name on another node is fine: " + e.violations());
    }
}
