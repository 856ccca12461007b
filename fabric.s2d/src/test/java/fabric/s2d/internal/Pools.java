package fabric.s2d.internal;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import fabric.api.topology.DiskSpec;
import fabric.api.topology.NodeSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small pools for tests: nodes with a few small capacity disks and a tiny geometry. */
final class Pools {

    /** 64 KiB extents, 16 KiB interleave, 16 KiB regions, 64 KiB metadata slots. */
    static final Geometry SMALL = new Geometry(64 << 10, 16 << 10, 16 << 10, 64 << 10);

    private Pools() {
    }

    static List<NodeSpec> nodes(int nodes, int disksPerNode, long diskBytes) {
        return nodes(nodes, disksPerNode, diskBytes, true);
    }

    /** Nodes with capacity drives, and a cache drive each when {@code cache}. */
    static List<NodeSpec> nodes(int nodes, int disksPerNode, long diskBytes, boolean cache) {
        List<NodeSpec> list = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            List<DiskSpec> disks = new ArrayList<>();
            if (cache) {
                disks.add(new DiskSpec("nvme-0", DiskMedia.NVME, DiskRole.CACHE, diskBytes));
            }
            for (int d = 0; d < disksPerNode; d++) {
                disks.add(new DiskSpec("hdd-" + d, DiskMedia.HDD, DiskRole.CAPACITY, diskBytes));
            }
            list.add(new NodeSpec(new NodeId("node-" + n), 8, 1L << 30, disks, List.of(), "bmc-" + n, "dell", "AX-760"));
        }
        return list;
    }

    static FilePool open(Path dir, List<NodeSpec> nodes) {
        return new FilePool(new ScaleUnitId("su-1"), nodes, dir, SMALL, null);
    }

    /** A pool that forces nothing to stable storage: for the long randomized tests (no power loss in them). */
    static FilePool openVolatile(Path dir, List<NodeSpec> nodes) {
        return new FilePool(new ScaleUnitId("su-1"), nodes, dir, SMALL, null, false);
    }

    /** A volatile pool with a time source, and a tier policy that destages and promotes eagerly. */
    static FilePool openVolatile(Path dir, List<NodeSpec> nodes, java.util.function.LongSupplier nanoTime) {
        FilePool pool = new FilePool(new ScaleUnitId("su-1"), nodes, dir, SMALL, null, false,
                FilePool.DEFAULT_RESYNC_RATE, nanoTime);
        pool.tierPolicy(EAGER);
        return pool;
    }

    /** 4 MiB/s per cache drive between 30% and 10% dirty; hot at 6 accesses, cold under 2, half-life 2 s. */
    static final Tiering.Policy EAGER = new Tiering.Policy(4L << 20, 0.3, 0.1, 2, 6, 2);

    /** Flips one bit of a disk file at a position. */
    static void flip(Path file, long position, int bit) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ (1 << bit));
        }
    }
}
