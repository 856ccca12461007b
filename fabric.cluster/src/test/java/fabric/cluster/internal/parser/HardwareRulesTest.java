package fabric.cluster.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.core.FabricException;
import org.junit.jupiter.api.Test;

/**
 * The hardware rules of the topology file: drives as Storage Spaces Direct needs them, NICs as
 * Switch Embedded Teaming needs them.
 */
class HardwareRulesTest {

    private static final String SU = "stamps[0].scaleUnits[0]";
    private static final String NODE0 = SU + ".nodes[0]";

    // ---- Storage Spaces Direct

    @Test
    void aNodeNeedsACapacityDisk() {
        DemoDocument allCache = DemoDocument.load().eachNode(n -> {
            n.get("disks").forEach(d -> ((ObjectNode) d).put("media", "nvme").put("role", "cache"));
        });
        Refusals.assertViolation(Refusals.refused(allCache.json(), "t.json"), NODE0 + ".disks",
                "a node needs at least one capacity disk; every disk of this one is a cache disk");
        DemoDocument none = DemoDocument.load().eachNode(n -> n.putArray("disks"));
        Refusals.assertViolation(Refusals.refused(none.json(), "t.json"), NODE0 + ".disks",
                "a node needs at least one capacity disk; this one has no disks");
    }

    @Test
    void anHddIsNeverACacheDisk() {
        DemoDocument doc = DemoDocument.load().eachNode(n -> {
            for (int i = 0; i < 2; i++) {
                ((ObjectNode) n.get("disks").get(i)).put("media", "hdd");
            }
        });
        Refusals.assertViolation(Refusals.refused(doc.json(), "t.json"), NODE0 + ".disks[0].role", "an hdd cannot be a cache disk");
    }

    @Test
    void aCacheDiskMustBeFasterThanEveryCapacityDisk() {
        DemoDocument doc = DemoDocument.load().eachNode(n -> {
            for (int i = 0; i < 2; i++) {
                ((ObjectNode) n.get("disks").get(i)).put("media", "ssd");
            }
            ((ObjectNode) n.get("disks").get(2)).put("media", "nvme");
        });
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".disks[1].role", "cache disk nvme-1 (ssd) is not faster than capacity disk hdd-0"
                + " (nvme); a cache disk must be of faster media than every capacity disk of its node");
    }

    @Test
    void cacheDisksNumberAtLeastTwo() {
        DemoDocument doc = DemoDocument.load().eachNode(n -> ((ObjectNode) n.get("disks").get(1)).put("role",
                "capacity").put("media", "hdd"));
        Refusals.assertViolation(Refusals.refused(doc.json(), "t.json"), NODE0 + ".disks",
                "a node with cache disks needs at least 2 of them, not 1");
    }

    @Test
    void aNodeWithSeveralMediaHasACache() {
        DemoDocument doc = DemoDocument.load().eachNode(n -> {
            for (int i = 0; i < 2; i++) {
                ((ObjectNode) n.get("disks").get(i)).put("role", "capacity");
            }
        });
        Refusals.assertViolation(Refusals.refused(doc.json(), "t.json"), NODE0 + ".disks", "a node with disks of several media caches"
                + " the slower ones with the fastest, but none is a cache disk; declare the nvme disks as cache");
    }

    @Test
    void everyNodeOfAScaleUnitHasTheSameDrives() {
        DemoDocument doc = DemoDocument.load();
        doc.disks(2).remove(5);
        doc.disk(3, 5).put("media", "ssd");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, SU + ".nodes[2].disks", "this node has 2 nvme cache + 3 hdd capacity but node-1 has"
                + " 2 nvme cache + 4 hdd capacity; Storage Spaces Direct needs the same drives in every node");
        Refusals.assertViolation(e, SU + ".nodes[3].disks", "this node has 2 nvme cache + 1 ssd capacity + 3 hdd capacity");
        assertEquals(2, e.violations().size(), e.violations().toString());
    }

    // ---- Switch Embedded Teaming

    @Test
    void aNodeHasOneToEightNics() {
        DemoDocument none = DemoDocument.load();
        none.node(0).putArray("nics");
        Refusals.assertViolation(Refusals.refused(none.json(), "t.json"), NODE0 + ".nics", "a node has 1 to 8 NICs, not 0");
        DemoDocument nine = DemoDocument.load();
        for (int i = 2; i < 9; i++) {
            nine.nics(0).add(nine.nic(0, 0).deepCopy().put("name", "nic-" + i));
        }
        Refusals.assertViolation(Refusals.refused(nine.json(), "t.json"), NODE0 + ".nics", "a node has 1 to 8 NICs, not 9");
    }

    @Test
    void theNicsOfANodeAreIdentical() {
        DemoDocument doc = DemoDocument.load();
        doc.nic(0, 1).put("speedGbps", 10);
        doc.nic(1, 1).put("rdma", "iwarp");
        FabricException e = Refusals.refused(doc.json(), "t.json");
        Refusals.assertViolation(e, NODE0 + ".nics[1].speedGbps", "nic-1 runs at 10 Gbps but nic-0 at 25 Gbps; Switch"
                + " Embedded Teaming requires identical adapters");
        Refusals.assertViolation(e, SU + ".nodes[1].nics[1].rdma", "nic-1 offers RDMA iwarp but nic-0 roce; Switch Embedded"
                + " Teaming requires identical adapters");
    }
}
