package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeHealth;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage engine inside the running fabric: its service, its shell commands, membership and NBD. */
class StorageTest {

    private static final ScaleUnitId SU = ScaleUnitId.of("su-1");

    @TempDir
    Path data;

    EmbeddedFabric fabric;
    FabricShell shell;
    StorageService storage;

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data).withProperty("fabric.nbd.port", "0"));
        shell = fabric.shell();
        storage = fabric.service(StorageService.class);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    @Test
    void thePoolHoldsEveryNodesDisksAsFiles() {
        StoragePool pool = storage.pool(SU);
        assertEquals(4, pool.faultDomains());
        assertTrue(Files.exists(data.resolve("disks").resolve("node-1").resolve("hdd-0")));
        String out = shell.execute("storage:pool; storage:disks");
        assertTrue(out.contains("4 fault domains, 16 of 16 capacity disks online"), out);
        assertTrue(out.contains("nvme-0") && out.contains("CACHE"), out);
        assertEquals(8, pool.caches().size(), "two NVMe cache drives a node");
        assertEquals(2, pool.caches().get(0).boundTo().size(), "four HDDs bound to two caches");
        shell.execute("storage:volume-create fast two-way-mirror 1GiB");
        pool.open("fast").write(0, ByteBuffer.wrap(new byte[8192]), true);
        long dirty = pool.caches().stream().mapToLong(c -> c.dirtyBytes()).sum();
        assertEquals(2 * 8192, dirty, "the write landed in two nodes' caches");
        String cache = shell.execute("storage:cache");
        assertTrue(cache.contains("nvme-0") && cache.contains("hdd-0,hdd-2") && cache.contains("hot slabs"), cache);
        String map = shell.execute("storage:volume-create tiered mirror-accelerated-parity 1GiB");
        assertTrue(map.contains("MIRROR_ACCELERATED_PARITY 2+2") && map.contains("efficiency 40%"), map);
        byte[] data = new byte[100_000];
        new Random(9).nextBytes(data);
        pool.open("tiered").write(4096, ByteBuffer.wrap(data), true);
        ByteBuffer back = ByteBuffer.allocate(data.length);
        pool.open("tiered").read(4096, back);
        assertArrayEquals(data, back.array());
        String volumes = shell.execute("storage:volumes");
        // in the mirror tier (33%), or already rotated to parity (50%) by the tier thread
        assertTrue(volumes.contains("MIRROR_ACCELERATED_PARITY") && (volumes.contains("33%") || volumes.contains("50%")),
                volumes);
    }

    @Test
    void aVolumeSurvivesANodeFailureAndIsResyncedWhenItReturns() {
        String created = shell.execute("storage:volume-create data dual-parity 1GiB");
        assertTrue(created.contains("DUAL_PARITY 2+2"), created);
        BlockDevice dev = storage.pool(SU).open("data");
        Random r = new Random(1);
        byte[] first = new byte[300_000];
        r.nextBytes(first);
        dev.write(123_456, ByteBuffer.wrap(first), true);

        shell.execute("fabric:fail-node node-2");
        assertEquals(VolumeHealth.DEGRADED, storage.pool(SU).volume("data").health());
        byte[] second = new byte[100_000];
        r.nextBytes(second);
        dev.write(200_000, ByteBuffer.wrap(second), false);
        System.arraycopy(second, 0, first, 200_000 - 123_456, second.length);

        shell.execute("fabric:recover-node node-2");
        String repaired = shell.execute("storage:repair data");
        assertTrue(repaired.contains("HEALTHY"), repaired);
        // node-2 holds current data again: lose two other nodes and read everything back
        shell.execute("storage:fail-disk node-1 hdd-0");
        ByteBuffer back = ByteBuffer.allocate(first.length);
        dev.read(123_456, back);
        assertArrayEquals(first, back.array());
        String show = shell.execute("storage:volume-show data");
        assertTrue(show.contains("DEGRADED"), show);
        String cloned = shell.execute("storage:volume-clone data copy");
        assertTrue(cloned.contains("volume copy: DUAL_PARITY"), cloned);
        ByteBuffer fromClone = ByteBuffer.allocate(first.length);
        storage.pool(SU).open("copy").read(123_456, fromClone);
        assertArrayEquals(first, fromClone.array());
        shell.execute("storage:volume-create other two-way-mirror 1GiB");
        String range = shell.execute("storage:clone-range data 123456 other 4096 300000");
        assertTrue(range.contains("cloned"), range);
        ByteBuffer fromRange = ByteBuffer.allocate(first.length);
        storage.pool(SU).open("other").read(4096, fromRange);
        assertArrayEquals(first, fromRange.array());
    }

    @Test
    void nodeMaintenanceIsStorageMaintenance() {
        shell.execute("storage:volume-create vm two-way-mirror 1GiB");
        storage.pool(SU).open("vm").write(0, ByteBuffer.wrap(new byte[] {7}), true);
        String impact = shell.execute("storage:impact node-3");
        assertTrue(impact.contains("vm") && impact.contains("TWO_WAY_MIRROR"), impact);
        assertTrue(impact.contains("no volume would go offline without this node"), impact);
        assertTrue(impact.contains("after 10m away: about") && impact.contains("(assumed)"), impact);
        assertEquals(1, storage.pool(SU).maintenanceImpact(NodeId.of("node-3")).volumes().get(0).slabs());
        shell.execute("fabric:enter-maintenance node-3");
        String disks = shell.execute("storage:disks");
        assertTrue(disks.contains("MAINTENANCE"), disks);
        shell.execute("fabric:exit-maintenance node-3");
        shell.execute("storage:repair vm");
        assertEquals(VolumeHealth.HEALTHY, storage.pool(SU).volume("vm").health());
        assertTrue(!shell.execute("storage:disks").contains("MAINTENANCE"));
    }

    @Test
    void badCommandsAreRefusedAndChangeNothing() {
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                () -> shell.execute("storage:volume-create v sideways-mirror 1GiB")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                () -> shell.execute("storage:volume-create v two-way-mirror lots")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("storage:scrub nothing")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("storage:fail-disk node-9 hdd-0")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("storage:impact node-9")).code());
        assertEquals(0, storage.pool(SU).volumes().size());
    }

    @Test
    void anExportedVolumeAnswersTheNbdHandshake() throws Exception {
        shell.execute("storage:volume-create web two-way-mirror 64MiB");
        String out = shell.execute("storage:export web");
        assertTrue(out.contains("nbd://127.0.0.1:"), out);
        int port = storage.exports().get(0).port();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream o = new DataOutputStream(s.getOutputStream());
            assertEquals(0x4e42444d41474943L, in.readLong());
            assertEquals(0x49484156454F5054L, in.readLong());
            assertEquals(3, in.readUnsignedShort());
            o.writeInt(3);
            byte[] name = "web".getBytes();
            o.writeLong(0x49484156454F5054L);
            o.writeInt(1);
            o.writeInt(name.length);
            o.write(name);
            o.flush();
            assertEquals(64L << 20, in.readLong());
            assertTrue((in.readUnsignedShort() & 4) != 0, "flush is offered");
        }
        String scrub = shell.execute("storage:scrub web");
        assertTrue(scrub.contains("0 unrepairable"), scrub);
        shell.execute("storage:unexport web");
        assertEquals(0, storage.exports().size());
    }
}
