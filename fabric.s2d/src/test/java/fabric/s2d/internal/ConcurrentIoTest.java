package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.DiskState;
import fabric.api.storage.Progress;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Block I/O from several threads at once while disks fail, return and are resynced and the volume
 * is scrubbed: every thread owns a part of the volume and checks each read against its own model.
 */
class ConcurrentIoTest {

    private static final int VOLUME = 1 << 20;
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Resiliency.class, names = {"TWO_WAY_MIRROR", "DUAL_PARITY"})
    void writersAndReadersSeeTheirOwnBytesThroughFailuresAndRepairs(Resiliency resiliency) throws Exception {
        // no cache drives: every column write goes through the disks' write queues
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 1, 8L << 20, false))) {
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            BlockDevice dev = pool.open("v");
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<byte[]>> results = new ArrayList<>();
            int part = VOLUME / THREADS;
            for (int t = 0; t < THREADS; t++) {
                int base = t * part;
                long seed = 100 + t;
                results.add(threads.submit(() -> {
                    Random r = new Random(seed);
                    byte[] model = new byte[part];
                    for (int i = 0; i < 400 || !stop.get(); i++) {
                        int len = 1 + r.nextInt(20_000);
                        int off = r.nextInt(part - len);
                        if (r.nextBoolean()) {
                            byte[] data = new byte[len];
                            r.nextBytes(data);
                            dev.write(base + off, ByteBuffer.wrap(data), false);
                            System.arraycopy(data, 0, model, off, len);
                        } else {
                            ByteBuffer b = ByteBuffer.allocate(len);
                            dev.read(base + off, b);
                            if (!Arrays.equals(model, off, off + len, b.array(), 0, len)) {
                                throw new AssertionError("thread " + seed + " read wrong bytes at " + (base + off));
                            }
                        }
                        if (i > 20_000) {
                            break;
                        }
                    }
                    return model;
                }));
            }
            for (int round = 0; round < 6; round++) {
                NodeId node = new NodeId("node-" + (1 + round % 6));
                pool.failDisk(node, "hdd-0", "concurrency test");
                pool.scrub("v", Progress.NONE);
                pool.returnDisk(node, "hdd-0");
                pool.repair("v", Progress.NONE);
            }
            stop.set(true);
            byte[] all = new byte[VOLUME];
            for (int t = 0; t < THREADS; t++) {
                System.arraycopy(results.get(t).get(), 0, all, t * part, part);
            }
            threads.shutdown();
            pool.repair("v", Progress.NONE);
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
            ByteBuffer b = ByteBuffer.allocate(VOLUME);
            dev.read(0, b);
            assertArrayEquals(all, b.array());
            for (int n = 1; n <= resiliency.faultTolerance(); n++) {
                pool.failDisk(new NodeId("node-" + n), "hdd-0", "after the run");
            }
            b.clear();
            dev.read(0, b);
            assertArrayEquals(all, b.array(), "every column was resynced");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Resiliency.class, names = {"TWO_WAY_MIRROR", "DUAL_PARITY"})
    void aVolumeAndItsCloneAreWrittenAtOnceWhileSharedSlabsAreRebuilt(Resiliency resiliency) throws Exception {
        try (FilePool pool = Pools.open(dir, Pools.nodes(7, 2, 8L << 20))) {
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            byte[] base = new byte[VOLUME];
            new Random(5).nextBytes(base);
            pool.open("v").write(0, ByteBuffer.wrap(base), false);
            pool.cloneVolume("v", "c");
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<Future<byte[]>> results = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            for (String name : List.of("v", "c")) {
                BlockDevice dev = pool.open(name);
                long seed = name.hashCode();
                results.add(threads.submit(() -> {
                    Random r = new Random(seed);
                    byte[] model = base.clone();
                    for (int i = 0; i < 300 || !stop.get(); i++) {
                        int len = 1 + r.nextInt(30_000);
                        int off = r.nextInt(VOLUME - len);
                        if (r.nextBoolean()) {
                            byte[] data = new byte[len];
                            r.nextBytes(data);
                            dev.write(off, ByteBuffer.wrap(data), false);
                            System.arraycopy(data, 0, model, off, len);
                        } else {
                            ByteBuffer b = ByteBuffer.allocate(len);
                            dev.read(off, b);
                            if (!Arrays.equals(model, off, off + len, b.array(), 0, len)) {
                                throw new AssertionError(name + " read wrong bytes at " + off);
                            }
                        }
                        if (i > 20_000) {
                            break;
                        }
                    }
                    return model;
                }));
            }
            for (int n = 1; n <= 3; n++) {
                NodeId node = new NodeId("node-" + n);
                pool.retireDisk(node, "hdd-0");
                pool.repair("v", Progress.NONE);
                pool.repair("c", Progress.NONE);
                pool.replaceDisk(node, "hdd-0");
            }
            stop.set(true);
            byte[] v = results.get(0).get();
            byte[] c = results.get(1).get();
            threads.shutdown();
            pool.repair("v", Progress.NONE);
            pool.repair("c", Progress.NONE);
            ByteBuffer b = ByteBuffer.allocate(VOLUME);
            pool.open("v").read(0, b);
            assertArrayEquals(v, b.array());
            b.clear();
            pool.open("c").read(0, b);
            assertArrayEquals(c, b.array());
            assertEquals(0, pool.scrub("v", Progress.NONE).corruptBlocks());
            assertEquals(0, pool.scrub("c", Progress.NONE).corruptBlocks());
        }
    }

    /**
     * A disk replaced while writers break the sharing of cloned slabs: the extents of a copy being
     * filled (allocated, not yet in the volume) must stay allocated, or the next copy takes them too
     * and two slabs share one extent.
     */
    @Test
    void aDiskReplacedWhileSharedSlabsAreCopiedLeavesEveryExtentToOneSlab() throws Exception {
        int size = 2 << 20;
        try (FilePool pool = Pools.openVolatile(dir, Pools.nodes(4, 2, 8L << 20))) {
            long deadline = System.nanoTime() + 6_000_000_000L;
            for (int round = 0; round < 40 && System.nanoTime() < deadline; round++) {
                pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, size));
                byte[] base = new byte[size];
                new Random(round).nextBytes(base);
                pool.open("v").write(0, ByteBuffer.wrap(base), false);
                pool.cloneVolume("v", "c");
                ExecutorService threads = Executors.newFixedThreadPool(2);
                List<Future<byte[]>> results = new ArrayList<>();
                for (String name : List.of("v", "c")) {
                    BlockDevice dev = pool.open(name);
                    long seed = name.hashCode() + round;
                    results.add(threads.submit(() -> {
                        Random r = new Random(seed);
                        byte[] model = base.clone();
                        int slab = 64 << 10;
                        for (int i = 0; i < size / slab; i++) {
                            int len = 1 + r.nextInt(4096);
                            int off = i * slab + r.nextInt(slab - len);
                            byte[] data = new byte[len];
                            r.nextBytes(data);
                            dev.write(off, ByteBuffer.wrap(data), false);
                            System.arraycopy(data, 0, model, off, len);
                            ByteBuffer b = ByteBuffer.allocate(slab);
                            int at = r.nextInt(i + 1) * slab;
                            dev.read(at, b);
                            if (!Arrays.equals(model, at, at + slab, b.array(), 0, slab)) {
                                throw new AssertionError(name + " read wrong bytes in slab " + at / slab);
                            }
                        }
                        return model;
                    }));
                }
                NodeId node = new NodeId("node-4");
                while (!results.get(0).isDone() || !results.get(1).isDone()) {
                    try {
                        pool.failDisk(node, "hdd-1", "replaced during copy on write");
                    } catch (FabricException e) {
                        // a write in flight to the file just replaced may have failed the disk already
                        assertTrue(pool.disks().stream().anyMatch(d -> d.node().equals("node-4")
                                && d.name().equals("hdd-1") && d.state() == DiskState.FAILED), e.getMessage());
                    }
                    pool.replaceDisk(node, "hdd-1");
                }
                byte[] v = results.get(0).get();
                byte[] c = results.get(1).get();
                threads.shutdown();
                pool.repair("v", Progress.NONE);
                pool.repair("c", Progress.NONE);
                java.util.Set<Long> extents = new java.util.HashSet<>();
                for (String name : List.of("v", "c")) {
                    for (SlabRecord s : ((PoolVolume) pool.open(name)).record().slabs) {
                        for (int col = 0; s != null && col < s.disks.length; col++) {
                            assertTrue(extents.add((long) s.disks[col] << 32 | s.extents[col]), "round " + round
                                    + ": two slabs hold extent " + s.extents[col] + " of disk " + s.disks[col]);
                        }
                    }
                }
                ByteBuffer b = ByteBuffer.allocate(size);
                pool.open("v").read(0, b);
                assertArrayEquals(v, b.array(), "round " + round);
                b.clear();
                pool.open("c").read(0, b);
                assertArrayEquals(c, b.array(), "round " + round);
                pool.deleteVolume("c");
                pool.deleteVolume("v");
                pool.flush();
            }
        }
    }
}
