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
}
