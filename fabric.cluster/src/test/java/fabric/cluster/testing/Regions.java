package fabric.cluster.testing;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
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

/** Regions built in code for tests: scale units of identical nodes (32 cores, 384 GiB). */
public final class Regions {

    /** The memory of every node. */
    public static final long NODE_MEMORY = 384L << 30;
    /** The cores of every node. */
    public static final int NODE_CORES = 32;

    private Regions() {
    }

    /** @return region {@code demo} with one scale unit {@code su-1} of {@code nodes} nodes, named node-1... */
    public static RegionSpec oneScaleUnit(int nodes, boolean witness) {
        return new RegionSpec("demo", List.of(new StampSpec("stamp-1", List.of(scaleUnit("su-1", "node-", nodes,
                witness)))));
    }

    /** @return region {@code demo} with scale units su-1 (node-1..4) and su-2 (other-1..4), no witness */
    public static RegionSpec twoScaleUnits() {
        return new RegionSpec("demo", List.of(new StampSpec("stamp-1", List.of(
                scaleUnit("su-1", "node-", 4, false), scaleUnit("su-2", "other-", 4, false)))));
    }

    /** @return a scale unit of identical nodes */
    public static ScaleUnitSpec scaleUnit(String name, String nodePrefix, int nodes, boolean witness) {
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            specs.add(node(nodePrefix + i));
        }
        return new ScaleUnitSpec(ScaleUnitId.of(name), specs,
                witness ? Optional.of(new WitnessSpec(WitnessKind.CLOUD, "https://witness.example.net/" + name))
                        : Optional.empty());
    }

    /** @return a node with 2 NVMe cache + 4 HDD capacity disks and 2 x 25 Gbps RoCE NICs */
    public static NodeSpec node(String name) {
        List<DiskSpec> disks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            disks.add(new DiskSpec("nvme-" + i, DiskMedia.NVME, DiskRole.CACHE, 1_600_000_000_000L));
        }
        for (int i = 0; i < 4; i++) {
            disks.add(new DiskSpec("hdd-" + i, DiskMedia.HDD, DiskRole.CAPACITY, 8_000_000_000_000L));
        }
        List<NicSpec> nics = List.of(new NicSpec("nic-0", 25, RdmaKind.ROCE), new NicSpec("nic-1", 25, RdmaKind.ROCE));
        return new NodeSpec(NodeId.of(name), NODE_CORES, NODE_MEMORY, disks, nics, name + "-bmc.demo.fabric", "dell",
                "AX-760");
    }
}
