package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fabric.api.core.NodeId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.Progress;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import fabric.s2d.internal.nbd.NbdServer;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real NBD clients against a fabric volume: qemu-io writes and verifies patterns, qemu-img convert
 * and nbdcopy copy a file in and out while a disk of the volume fails mid-copy. The tools come from
 * the Debian packages qemu-utils and libnbd-bin, which {@code .ci/run} installs; without them the
 * test is skipped.
 */
class NbdInteropTest {

    private static final long DISK = 64L << 20;
    private static final long VOLUME = 32L << 20;

    @TempDir
    Path dir;

    private static boolean onPath(String tool) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static String sha256(Path file, long length) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] all = Files.readAllBytes(file);
        md.update(all, 0, (int) length);
        return HexFormat.of().formatHex(md.digest());
    }

    /** A device that fails a disk of its pool at the n-th write once armed, as a disk dying during a copy. */
    private static BlockDevice failingAt(BlockDevice dev, AtomicInteger writes, Runnable failure) {
        return new BlockDevice() {
            public String name() {
                return dev.name();
            }

            public long size() {
                return dev.size();
            }

            public void read(long offset, ByteBuffer dst) {
                dev.read(offset, dst);
            }

            public void write(long offset, ByteBuffer src, boolean fua) {
                if (writes.decrementAndGet() == 0) {
                    failure.run();
                }
                dev.write(offset, src, fua);
            }

            public void flush() {
                dev.flush();
            }

            public void trim(long offset, long length) {
                dev.trim(offset, length);
            }

            public void writeZeroes(long offset, long length) {
                dev.writeZeroes(offset, length);
            }
        };
    }

    @Test
    void qemuAndLibnbdToolsReadAndWriteAVolume() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String tool : new String[] {"qemu-io", "qemu-img", "nbdinfo", "nbdcopy"}) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        assumeTrue(missing.isEmpty(), "skipped: " + missing + " not installed (Debian packages qemu-utils and"
                + " libnbd-bin; .ci/run installs them)");
        // no cache drives: the column writes go through the disks' write queues, flushes drain them
        try (FilePool pool = Pools.open(dir.resolve("disks"), Pools.nodes(6, 2, DISK, false));
                NbdServer server = new NbdServer(0)) {
            pool.createVolume(new VolumeSpec("vol", Resiliency.DUAL_PARITY, VOLUME));
            BlockDevice dev = pool.open("vol");
            AtomicInteger countdown = new AtomicInteger(Integer.MIN_VALUE);
            server.export("vol", failingAt(dev, countdown, () -> pool.failDisk(new NodeId("node-3"), "hdd-0", "died mid-copy")));
            String uri = "nbd://127.0.0.1:" + server.port() + "/vol";

            String info = run("nbdinfo", uri);
            assertTrue(info.contains(Long.toString(VOLUME)), info);
            assertTrue(run("nbdinfo", "--list", "nbd://127.0.0.1:" + server.port()).contains("vol"));

            String io = run("qemu-io", "-f", "raw", uri, "-c", "write -P 0xab 0 1M", "-c", "write -P 0xcd 1M 64k",
                    "-c", "write -P 0x5a 3333 5000", "-c", "flush");
            assertFalse(io.contains("error") || io.contains("failed"), io);
            String verify = run("qemu-io", "-f", "raw", uri, "-c", "read -P 0xab 0 3333", "-c", "read -P 0x5a 3333 5000",
                    "-c", "read -P 0xab 8333 1040243", "-c", "read -P 0xcd 1M 64k");
            assertFalse(verify.contains("Pattern verification failed"), verify);
            assertEquals(4, verify.split("read ").length - 1, verify);
            ByteBuffer direct = ByteBuffer.allocate(5000);
            dev.read(3333, direct);
            byte[] expected = new byte[5000];
            Arrays.fill(expected, (byte) 0x5a);
            assertArrayEquals(expected, direct.array(), "the fabric volume holds what qemu-io wrote");

            Path source = dir.resolve("source.img");
            byte[] content = new byte[12 << 20];
            new Random(99).nextBytes(content);
            Arrays.fill(content, 5 << 20, 6 << 20, (byte) 0);
            Files.write(source, content);
            String sum = sha256(source, content.length);

            countdown.set(3);
            run("qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(), uri);
            assertTrue(countdown.get() < 0, "the copy made more than 3 writes: " + countdown.get());
            assertEquals(VolumeHealth.DEGRADED, pool.volume("vol").health(), "a disk failed during the copy");
            Path out = dir.resolve("out.img");
            run("qemu-img", "convert", "-f", "raw", "-O", "raw", uri, out.toString());
            assertEquals(sum, sha256(out, content.length), "qemu-img copy out equals copy in");

            pool.returnDisk(new NodeId("node-3"), "hdd-0");
            assertEquals(0, pool.repair("vol", Progress.NONE).regionsLeft());
            pool.failDisk(new NodeId("node-4"), "hdd-0", "second failure after resync");
            pool.failDisk(new NodeId("node-5"), "hdd-0", "third failure after resync");
            Path out2 = dir.resolve("out2.img");
            run("nbdcopy", uri, out2.toString());
            assertEquals(sum, sha256(out2, content.length), "nbdcopy out, two nodes away, equals copy in");

            Files.write(source, new byte[content.length]);
            run("nbdcopy", source.toString(), uri);
            Path out3 = dir.resolve("out3.img");
            run("nbdcopy", uri, out3.toString());
            assertEquals(sha256(source, content.length), sha256(out3, content.length));
        }
    }
}
