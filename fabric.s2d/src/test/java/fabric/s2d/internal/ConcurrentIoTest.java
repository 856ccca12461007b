package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fabric.api.core.NodeId;
import fabric.api.storage.BlockDevice;
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
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 1, 8L << 20))) {
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
}
