package fabric.bench.storage;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeSpec;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import fabric.api.topology.DiskSpec;
import fabric.api.topology.NodeSpec;
import fabric.s2d.internal.FilePool;
import fabric.s2d.internal.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Block I/O through a volume (two-way mirror or dual parity 2+2 on four file-backed disks) against
 * raw positional {@link FileChannel} I/O of the same size and order to one of the same disk files:
 * random and sequential 4 KiB and 256 KiB writes and reads, in the page cache (no flush).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VolumeIoBenchmark {

    /** The volume's resiliency. */
    @Param({"TWO_WAY_MIRROR", "DUAL_PARITY"})
    public String resiliency;

    /** The access: 4 KiB or 256 KiB, write or read. */
    @Param({"write-4k", "read-4k", "write-256k", "read-256k"})
    public String access;

    /** The order of the offsets: random (aligned to the size) or sequential through the volume. */
    @Param({"random", "sequential"})
    public String order;

    /**
     * Bytes of each disk's write queue (its volatile write cache; the pool's default); 0 writes
     * every column synchronously, as before the queue.
     */
    @Param({"1048576"})
    public int writeQueue;

    private static final long VOLUME = 128L << 20;
    private Path dir;
    private FilePool pool;
    private BlockDevice volume;
    private FileChannel raw;
    private ByteBuffer buffer;
    private long[] offsets;
    private int next;
    private boolean write;

    /**
     * Creates the pool and fills the volume.
     *
     * @throws IOException when the files cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("fabric-bench-s2d");
        List<NodeSpec> nodes = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            nodes.add(new NodeSpec(new NodeId("node-" + n), 8, 1L << 30,
                    List.of(new DiskSpec("hdd-0", DiskMedia.HDD, DiskRole.CAPACITY, 1L << 30)), List.of(), "bmc", "dell",
                    "AX-760"));
        }
        pool = new FilePool(new ScaleUnitId("su-1"), nodes, dir, new Geometry(64 << 20, 256 << 10, 4 << 20, 1 << 20),
                null, 200L << 20, writeQueue);
        pool.createVolume(new VolumeSpec("v", Resiliency.valueOf(resiliency), VOLUME));
        volume = pool.open("v");
        byte[] fill = new byte[1 << 20];
        new Random(1).nextBytes(fill);
        for (long off = 0; off < VOLUME; off += fill.length) {
            volume.write(off, ByteBuffer.wrap(fill), false);
        }
        volume.flush();
        raw = FileChannel.open(dir.resolve("node-1").resolve("hdd-0"), StandardOpenOption.READ, StandardOpenOption.WRITE);
        int size = access.endsWith("4k") ? 4096 : 256 << 10;
        write = access.startsWith("write");
        buffer = ByteBuffer.allocate(size);
        new Random(2).nextBytes(buffer.array());
        offsets = new long[4096];
        Random r = new Random(3);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = order.equals("random") ? (long) r.nextInt((int) (VOLUME / size)) * size : (long) i * size % VOLUME;
        }
    }

    /**
     * Closes and deletes the pool.
     *
     * @throws IOException when the files cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        raw.close();
        pool.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private long nextOffset() {
        long off = offsets[next];
        next = (next + 1) & (offsets.length - 1);
        return off;
    }

    /**
     * @return the bytes moved
     * @throws IOException when the file fails
     */
    @Benchmark
    public int baseline() throws IOException {
        long off = (2L << 20) + nextOffset();
        buffer.clear();
        return write ? raw.write(buffer, off) : raw.read(buffer, off);
    }

    /** @return the bytes moved */
    @Benchmark
    public int volume() {
        long off = nextOffset();
        buffer.clear();
        if (write) {
            volume.write(off, buffer, false);
        } else {
            volume.read(off, buffer);
        }
        return buffer.capacity();
    }
}
