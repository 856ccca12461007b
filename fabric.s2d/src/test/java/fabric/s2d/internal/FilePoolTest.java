package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.DiskState;
import fabric.api.storage.Layout;
import fabric.api.storage.Progress;
import fabric.api.storage.RepairReport;
import fabric.api.storage.Resiliency;
import fabric.api.storage.ScrubReport;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import fabric.api.storage.VolumeStatus;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FilePoolTest {

    private static final long DISK = 8L << 20;
    private static final long VOLUME = 1L << 20;

    @TempDir
    Path dir;

    private static byte[] read(BlockDevice dev, long offset, int len) {
        ByteBuffer b = ByteBuffer.allocate(len);
        dev.read(offset, b);
        return b.array();
    }

    private static void write(BlockDevice dev, long offset, byte[] data) {
        dev.write(offset, ByteBuffer.wrap(data), false);
    }

    private static byte[] random(Random r, int len) {
        byte[] b = new byte[len];
        r.nextBytes(b);
        return b;
    }

    @Test
    void layoutsFollowTheFaultDomains() {
        assertEquals(new Layout(2, 2), Resiliency.DUAL_PARITY.layoutFor(4));
        assertEquals(new Layout(4, 2), Resiliency.DUAL_PARITY.layoutFor(6));
        assertEquals(new Layout(6, 2), Resiliency.DUAL_PARITY.layoutFor(8));
        assertEquals(new Layout(2, 1), Resiliency.SINGLE_PARITY.layoutFor(3));
        assertEquals(0.5, Resiliency.TWO_WAY_MIRROR.layoutFor(2).efficiency());
        assertEquals(0.75, Resiliency.DUAL_PARITY.layoutFor(8).efficiency());
        FabricException e = assertThrows(FabricException.class, () -> Resiliency.DUAL_PARITY.layoutFor(3));
        assertEquals(ErrorCode.INSUFFICIENT_CAPACITY, e.code());
    }

    @ParameterizedTest
    @EnumSource(Resiliency.class)
    void unalignedWritesReadBackAndSurviveReopen(Resiliency resiliency) {
        Random r = new Random(7);
        byte[] model = new byte[(int) VOLUME];
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            BlockDevice dev = pool.open("v");
            for (int i = 0; i < 200; i++) {
                int len = 1 + r.nextInt(50_000);
                int off = r.nextInt((int) VOLUME - len);
                byte[] data = random(r, len);
                write(dev, off, data);
                System.arraycopy(data, 0, model, off, len);
                int rl = 1 + r.nextInt(60_000);
                int ro = r.nextInt((int) VOLUME - rl);
                assertArrayEquals(java.util.Arrays.copyOfRange(model, ro, ro + rl), read(dev, ro, rl), "step " + i);
            }
            dev.flush();
        }
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            assertArrayEquals(model, read(pool.open("v"), 0, (int) VOLUME));
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
        }
    }

    @Test
    void columnsOfASlabSitOnDistinctNodes() {
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.DUAL_PARITY, VOLUME));
            PoolVolume dev = (PoolVolume) pool.open("v");
            write(dev, 0, new byte[(int) VOLUME]);
            for (SlabRecord s : dev.record().slabs) {
                Set<String> nodes = new HashSet<>();
                for (int d : s.disks) {
                    nodes.add(pool.disk(d).node);
                }
                assertEquals(6, nodes.size());
            }
            VolumeStatus st = pool.volume("v");
            assertEquals(new Layout(4, 2), st.layout());
            assertEquals(st.allocatedSlabs() * 6 * Pools.SMALL.extentBytes(), st.footprintBytes());
        }
    }

    @Test
    void unwrittenRangesReadAsZerosWithoutSlabs() {
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME));
            BlockDevice dev = pool.open("v");
            assertArrayEquals(new byte[4096], read(dev, 12345, 4096));
            assertEquals(0, pool.volume("v").allocatedSlabs());
            write(dev, 70_000, new byte[] {1, 2, 3});
            assertEquals(1, pool.volume("v").allocatedSlabs());
            dev.writeZeroes(0, VOLUME);
            assertEquals(0, pool.volume("v").allocatedSlabs());
            assertArrayEquals(new byte[3], read(dev, 70_000, 3));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Resiliency.class, names = "MIRROR_ACCELERATED_PARITY", mode = EnumSource.Mode.EXCLUDE)
    void aFlippedBitIsServedFromRedundancyAndScrubbed(Resiliency resiliency) throws Exception {
        Random r = new Random(3);
        byte[] data = random(r, (int) VOLUME);
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            PoolVolume dev = (PoolVolume) pool.open("v");
            write(dev, 0, data);
            dev.flush();
            // to capacity, clean in the cache: reads come from the cache, the scrub checks capacity too
            assertTrue(pool.destageAll() > 0);
            SlabRecord s = dev.record().slabs[0];
            // corrupt column 0 (data) at block 1 and the last column at block 2
            for (int[] cb : new int[][] {{0, 1}, {s.disks.length - 1, 2}}) {
                DiskRecord d = pool.disk(s.disks[cb[0]]);
                Pools.flip(d.file.path(), Pools.SMALL.dataStart() + s.extents[cb[0]] * Pools.SMALL.extentStride()
                        + cb[1] * 4096L + 100, 3);
            }
            assertArrayEquals(data, read(dev, 0, (int) VOLUME));
            ScrubReport report = pool.scrub("v", Progress.NONE);
            assertEquals(0, report.unrepairableBlocks());
            assertTrue(report.corruptBlocks() >= 1, report.toString());
            assertEquals(report.corruptBlocks(), report.repairedBlocks());
            assertTrue(report.blocksChecked() > 0);
            assertTrue(pool.repairedOnRead() + report.repairedBlocks() >= 2);
            ScrubReport again = pool.scrub("v", Progress.NONE);
            assertEquals(0, again.corruptBlocks());
            assertArrayEquals(data, read(dev, 0, (int) VOLUME));
        }
    }

    @ParameterizedTest
    @EnumSource(Resiliency.class)
    void aFailedNodeDegradesAndResyncsOnlyWhatItMissed(Resiliency resiliency) {
        Random r = new Random(11);
        byte[] model = random(r, (int) VOLUME);
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            BlockDevice dev = pool.open("v");
            write(dev, 0, model);
            pool.failDisk(new NodeId("node-2"), "hdd-0", "test");
            VolumeStatus st = pool.volume("v");
            assertEquals(VolumeHealth.DEGRADED, st.health());
            assertTrue(st.reason().contains("node-2/hdd-0"), st.reason());
            byte[] patch = random(r, 5000);
            write(dev, 40_000, patch);
            System.arraycopy(patch, 0, model, 40_000, patch.length);
            assertArrayEquals(model, read(dev, 0, (int) VOLUME));
            pool.returnDisk(new NodeId("node-2"), "hdd-0");
            RepairReport rep = pool.repair("v", Progress.NONE);
            assertTrue(rep.regionsResynced() <= 2, rep.toString());
            assertEquals(0, rep.regionsLeft());
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
            // now fail every other node in turn: the resynced node must hold correct data
            for (int n = 1; n <= 6; n++) {
                if (n == 2) {
                    continue;
                }
                pool.failDisk(new NodeId("node-" + n), "hdd-0", "test");
                assertArrayEquals(model, read(dev, 0, (int) VOLUME), "node-" + n + " away");
                pool.returnDisk(new NodeId("node-" + n), "hdd-0");
            }
        }
    }

    @Test
    void beyondToleranceTheVolumeGoesOfflineAndNeverAnswersWrong() {
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME));
            BlockDevice dev = pool.open("v");
            write(dev, 0, new byte[(int) VOLUME]);
            pool.failDisk(new NodeId("node-1"), "hdd-0", "test");
            pool.failDisk(new NodeId("node-2"), "hdd-0", "test");
            pool.failDisk(new NodeId("node-3"), "hdd-0", "test");
            VolumeStatus st = pool.volume("v");
            assertEquals(VolumeHealth.OFFLINE, st.health());
            FabricException e = assertThrows(FabricException.class, () -> read(dev, 0, 10));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertThrows(FabricException.class, () -> write(dev, 0, new byte[10]));
            pool.returnDisk(new NodeId("node-1"), "hdd-0");
            pool.returnDisk(new NodeId("node-2"), "hdd-0");
            pool.returnDisk(new NodeId("node-3"), "hdd-0");
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
        }
    }

    @Test
    void aStaleCopyIsNeverReadWhenTheCurrentOneIsAway() {
        try (FilePool pool = Pools.open(dir, Pools.nodes(2, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, 64 << 10));
            BlockDevice dev = pool.open("v");
            write(dev, 0, new byte[] {1});
            pool.failDisk(new NodeId("node-1"), "hdd-0", "test");
            write(dev, 0, new byte[] {2});
            pool.returnDisk(new NodeId("node-1"), "hdd-0");
            pool.failDisk(new NodeId("node-2"), "hdd-0", "test");
            assertEquals(VolumeHealth.OFFLINE, pool.volume("v").health());
            assertThrows(FabricException.class, () -> read(dev, 0, 1));
            pool.returnDisk(new NodeId("node-2"), "hdd-0");
            assertEquals(2, read(dev, 0, 1)[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Resiliency.class, names = "MIRROR_ACCELERATED_PARITY", mode = EnumSource.Mode.EXCLUDE)
    void aRetiredDiskIsRebuiltOntoAnotherFaultDomain(Resiliency resiliency) {
        Random r = new Random(5);
        byte[] model = random(r, (int) VOLUME);
        try (FilePool pool = Pools.open(dir, Pools.nodes(7, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            PoolVolume dev = (PoolVolume) pool.open("v");
            write(dev, 0, model);
            pool.retireDisk(new NodeId("node-1"), "hdd-0");
            RepairReport rep = pool.repair("v", Progress.NONE);
            assertEquals(0, rep.regionsLeft(), rep.toString());
            assertTrue(rep.columnsRebuilt() > 0);
            for (SlabRecord s : dev.record().slabs) {
                Set<String> nodes = new HashSet<>();
                for (int d : s.disks) {
                    assertNotEquals("node-1", pool.disk(d).node);
                    nodes.add(pool.disk(d).node);
                }
                assertEquals(s.disks.length, nodes.size());
            }
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
            assertArrayEquals(model, read(dev, 0, (int) VOLUME));
        }
    }

    @Test
    void aWipedDiskIsFailedAtOpenAndRebuiltWhenReplaced() throws Exception {
        Random r = new Random(21);
        byte[] model = random(r, (int) VOLUME);
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.DUAL_PARITY, VOLUME));
            write(pool.open("v"), 0, model);
        }
        java.nio.file.Files.delete(dir.resolve("node-3").resolve("hdd-0"));
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, DISK))) {
            DiskState state = pool.disks().stream().filter(d -> d.node().equals("node-3") && d.name().equals("hdd-0"))
                    .findFirst().orElseThrow().state();
            assertEquals(DiskState.FAILED, state, "a disk without this pool's metadata is not trusted");
            assertEquals(VolumeHealth.DEGRADED, pool.volume("v").health());
            assertArrayEquals(model, read(pool.open("v"), 0, (int) VOLUME));
            pool.replaceDisk(new NodeId("node-3"), "hdd-0");
            RepairReport rep = pool.repair("v", Progress.NONE);
            assertTrue(rep.regionsResynced() > 0, rep.toString());
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
            pool.failDisk(new NodeId("node-1"), "hdd-0", "test");
            pool.failDisk(new NodeId("node-2"), "hdd-0", "test");
            assertArrayEquals(model, read(pool.open("v"), 0, (int) VOLUME), "the rebuilt disk holds its columns");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Resiliency.class, names = "MIRROR_ACCELERATED_PARITY", mode = EnumSource.Mode.EXCLUDE)
    void aCloneSharesSlabsUntilEitherIsWritten(Resiliency resiliency) {
        Random r = new Random(31);
        byte[] base = random(r, (int) VOLUME);
        byte[] clone;
        long usedBefore;
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            write(pool.open("v"), 0, base);
            usedBefore = pool.disks().stream().mapToLong(d -> d.usedBytes()).sum();
            pool.cloneVolume("v", "c");
            assertEquals(usedBefore, pool.disks().stream().mapToLong(d -> d.usedBytes()).sum(), "a clone takes no space");
            assertArrayEquals(base, read(pool.open("c"), 0, (int) VOLUME));
            clone = base.clone();
            byte[] patch = random(r, 3000);
            write(pool.open("c"), 70_000, patch);
            System.arraycopy(patch, 0, clone, 70_000, patch.length);
            byte[] other = random(r, 5000);
            write(pool.open("v"), 200_000, other);
            System.arraycopy(other, 0, base, 200_000, other.length);
            pool.open("c").writeZeroes(500_000, 10_000);
            java.util.Arrays.fill(clone, 500_000, 510_000, (byte) 0);
            assertArrayEquals(base, read(pool.open("v"), 0, (int) VOLUME));
            assertArrayEquals(clone, read(pool.open("c"), 0, (int) VOLUME));
            pool.open("c").flush();
        }
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            assertArrayEquals(base, read(pool.open("v"), 0, (int) VOLUME), "after reopen");
            assertArrayEquals(clone, read(pool.open("c"), 0, (int) VOLUME), "after reopen");
            pool.deleteVolume("v");
            pool.open("c").flush();
            assertArrayEquals(clone, read(pool.open("c"), 0, (int) VOLUME), "the clone outlives its source");
            pool.deleteVolume("c");
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class, () -> pool.open("c")).code());
        }
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            assertEquals(0, pool.disks().stream().mapToLong(d -> d.usedBytes()).sum(), "every extent given back");
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class, () -> pool.cloneVolume("v", "d")).code());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Resiliency.class, names = {"TWO_WAY_MIRROR", "DUAL_PARITY"})
    void aRangeCloneSharesWholeSlabsAndCopiesTheRest(Resiliency resiliency) {
        Random r = new Random(41);
        byte[] src = random(r, (int) VOLUME);
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            pool.createVolume(new VolumeSpec("a", resiliency, VOLUME));
            pool.createVolume(new VolumeSpec("b", resiliency, VOLUME));
            pool.createVolume(new VolumeSpec("m", Resiliency.THREE_WAY_MIRROR, VOLUME));
            write(pool.open("a"), 0, src);
            long slab = pool.volume("a").slabBytes();
            byte[] b = random(r, (int) VOLUME);
            write(pool.open("b"), 0, b);
            long used = pool.disks().stream().mapToLong(d -> d.usedBytes()).sum();
            // two whole slabs plus a tail, at the same place within a slab
            int len = (int) (2 * slab + 12_345);
            pool.cloneRange("a", slab, "b", 0, len);
            System.arraycopy(src, (int) slab, b, 0, len);
            assertArrayEquals(b, read(pool.open("b"), 0, (int) VOLUME));
            assertTrue(pool.disks().stream().mapToLong(d -> d.usedBytes()).sum() <= used,
                    "the whole slabs are shared, not copied");
            // unaligned, and onto a volume of another layout: copied
            pool.cloneRange("a", 1000, "m", 77_777, 300_000);
            byte[] m = new byte[(int) VOLUME];
            System.arraycopy(src, 1000, m, 77_777, 300_000);
            assertArrayEquals(m, read(pool.open("m"), 0, (int) VOLUME));
            // copy on write keeps them apart
            byte[] patch = random(r, 9000);
            write(pool.open("a"), slab + 100, patch);
            assertArrayEquals(b, read(pool.open("b"), 0, (int) VOLUME));
            System.arraycopy(patch, 0, src, (int) slab + 100, patch.length);
            assertArrayEquals(src, read(pool.open("a"), 0, (int) VOLUME));
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                    () -> pool.cloneRange("a", 0, "a", 1000, 5000)).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                    () -> pool.cloneRange("a", 0, "b", VOLUME - 10, 11)).code());
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                    () -> pool.cloneRange("a", 0, "zz", 0, 1)).code());
            pool.open("b").flush();
        }
        try (FilePool pool = Pools.open(dir, Pools.nodes(6, 2, DISK))) {
            assertArrayEquals(src, read(pool.open("a"), 0, (int) VOLUME));
            pool.deleteVolume("a");
            assertEquals(VolumeHealth.HEALTHY, pool.volume("b").health());
            assertEquals(0, pool.scrub("b", Progress.NONE).corruptBlocks());
        }
    }

    @Test
    void badInputChangesNothing() {
        try (FilePool pool = Pools.open(dir, Pools.nodes(3, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME));
            long gen = pool.generation();
            assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(FabricException.class,
                    () -> pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME))).code());
            assertEquals(ErrorCode.INSUFFICIENT_CAPACITY, assertThrows(FabricException.class,
                    () -> pool.createVolume(new VolumeSpec("w", Resiliency.DUAL_PARITY, VOLUME))).code());
            assertEquals(ErrorCode.INSUFFICIENT_CAPACITY, assertThrows(FabricException.class,
                    () -> pool.createVolume(new VolumeSpec("w", Resiliency.THREE_WAY_MIRROR, 1L << 30))).code());
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                    () -> pool.failDisk(new NodeId("node-9"), "hdd-0", "x")).code());
            assertEquals(ErrorCode.FAILED_PRECONDITION, assertThrows(FabricException.class,
                    () -> pool.returnDisk(new NodeId("node-1"), "hdd-0")).code());
            assertEquals(ErrorCode.FAILED_PRECONDITION, assertThrows(FabricException.class,
                    () -> pool.retireDisk(new NodeId("node-1"), "nvme-0")).code());
            BlockDevice dev = pool.open("v");
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                    () -> write(dev, VOLUME - 1, new byte[2])).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                    () -> read(dev, -1, 2)).code());
            assertEquals(gen, pool.generation());
            assertEquals(1, pool.volumes().size());
            assertEquals(0, pool.volume("v").allocatedSlabs());
            assertThrows(IllegalArgumentException.class, () -> new VolumeSpec("x", Resiliency.TWO_WAY_MIRROR, 4097));
        }
    }

    @Test
    void maintenanceIsRefusedWhenAVolumeWouldGoOffline() {
        try (FilePool pool = Pools.open(dir, Pools.nodes(3, 1, DISK))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME));
            write(pool.open("v"), 0, new byte[(int) VOLUME]);
            pool.maintenance(new NodeId("node-1"), true);
            assertEquals(DiskState.MAINTENANCE, pool.disks().stream()
                    .filter(d -> d.node().equals("node-1") && d.name().equals("hdd-0")).findFirst().orElseThrow().state());
            FabricException e = assertThrows(FabricException.class, () -> pool.maintenance(new NodeId("node-2"), true));
            assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
            pool.maintenance(new NodeId("node-1"), false);
            pool.maintenance(new NodeId("node-2"), true);
        }
    }

    @Test
    void aTornNewestMetadataSlotFallsBackToThePreviousGeneration() throws Exception {
        // not closed: as after a crash (close would commit one more generation)
        FilePool crashed = Pools.open(dir, Pools.nodes(3, 1, DISK));
        crashed.createVolume(new VolumeSpec("a", Resiliency.TWO_WAY_MIRROR, VOLUME));
        crashed.createVolume(new VolumeSpec("b", Resiliency.TWO_WAY_MIRROR, VOLUME));
        long gen = crashed.generation();
        // tear the newest slot on every disk: a crash in the middle of writing generation gen
        for (int n = 1; n <= 3; n++) {
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("node-" + n).resolve("hdd-0").toFile(), "rw")) {
                f.seek((gen % 2) * Pools.SMALL.metadataSlotBytes() + 40);
                f.write(new byte[] {9, 9, 9});
            }
        }
        try (FilePool pool = Pools.open(dir, Pools.nodes(3, 1, DISK))) {
            assertTrue(pool.generation() >= gen);
            assertEquals(1, pool.volumes().size(), "the generation before the torn one has only volume a");
            assertEquals("a", pool.volumes().get(0).name());
        }
    }

    @Test
    void parityColumnsRotateAcrossRegions() throws Exception {
        int interleave = Pools.SMALL.interleaveBytes();
        byte[] data = random(new Random(11), 2 * Pools.SMALL.extentBytes());
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, DISK))) {
            pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, data.length));
            PoolVolume dev = (PoolVolume) pool.open("p");
            write(dev, 0, data);
            pool.destageAll();
            SlabRecord s = dev.record().slabs[0];
            // one row per region here: data column c of region r sits in column (c + r) mod 4
            java.util.Set<Integer> dataColumns = new HashSet<>();
            for (int r = 0; r < Pools.SMALL.regionsPerExtent(); r++) {
                for (int c = 0; c < 2; c++) {
                    int p = (c + r) % 4;
                    dataColumns.add(p);
                    byte[] onDisk = new byte[interleave];
                    try (RandomAccessFile f = new RandomAccessFile(pool.disk(s.disks[p]).file.path().toFile(), "r")) {
                        f.seek(Pools.SMALL.dataStart() + s.extents[p] * Pools.SMALL.extentStride() + (long) r * interleave);
                        f.readFully(onDisk);
                    }
                    assertArrayEquals(java.util.Arrays.copyOfRange(data, (r * 2 + c) * interleave,
                            (r * 2 + c + 1) * interleave), onDisk, "region " + r + " column " + c);
                }
            }
            assertEquals(4, dataColumns.size(), "every disk of the slab holds data and parity");
            pool.failDisk(new NodeId("node-1"), "hdd-0", "test");
            pool.failDisk(new NodeId("node-2"), "hdd-0", "test");
            assertArrayEquals(data, read(dev, 0, data.length));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Resiliency.class, names = {"TWO_WAY_MIRROR", "THREE_WAY_MIRROR", "DUAL_PARITY"})
    void checksumsHeldInMemoryAtACrashAreReverifiedAtOpen(Resiliency resiliency) {
        Random r = new Random(21);
        java.util.List<fabric.api.topology.NodeSpec> nodes = Pools.nodes(4, 1, DISK, false);
        byte[] model = random(r, (int) VOLUME);
        // not closed: as after a kill -9, the checksum pages held since the flush are lost
        FilePool crashed = Pools.open(dir, nodes);
        crashed.createVolume(new VolumeSpec("v", resiliency, VOLUME));
        BlockDevice dev = crashed.open("v");
        write(dev, 0, model);
        dev.flush();
        byte[] late = random(r, 40_000);
        write(dev, 5 * 4096, late);
        System.arraycopy(late, 0, model, 5 * 4096, late.length);
        int held = 0;
        for (int i = 0; i < 4; i++) {
            held += crashed.disk(i).file.heldPages();
        }
        assertTrue(held > 0, "the late write's checksums are held in memory");
        for (int i = 0; i < 4; i++) {
            // the late write reached the files (the page cache), its checksums did not
            crashed.disk(i).file.drainQueue();
        }
        try (FilePool pool = Pools.open(dir, nodes)) {
            assertTrue(!pool.openedClean());
            ScrubReport reconciled = pool.reconciledAtOpen().get(0);
            assertEquals(0, reconciled.unrepairableBlocks(), reconciled.toString());
            assertTrue(reconciled.repairedBlocks() > 0, "blocks whose checksums were lost are adopted: " + reconciled);
            // the data reached the files: the columns agree on the late bytes
            assertArrayEquals(model, read(pool.open("v"), 0, (int) VOLUME));
            ScrubReport again = pool.scrub("v", Progress.NONE);
            assertEquals(0, again.corruptBlocks(), again.toString());
        }
    }

    @Test
    void aBlockCorruptInEveryCopyOfAFlushedRegionIsNotAdoptedAfterACrash() throws Exception {
        Random r = new Random(22);
        java.util.List<fabric.api.topology.NodeSpec> nodes = Pools.nodes(3, 1, DISK, false);
        byte[] model = random(r, (int) VOLUME);
        FilePool crashed = Pools.open(dir, nodes);
        crashed.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME));
        PoolVolume dev = (PoolVolume) crashed.open("v");
        write(dev, 0, model);
        dev.flush();
        // region 2 written after the flush (pending); block 1 of region 0 (flushed) rots in both copies
        write(dev, 2 * Pools.SMALL.regionBytes(), random(r, 8192));
        SlabRecord s = dev.record().slabs[0];
        for (int c = 0; c < 2; c++) {
            crashed.disk(s.disks[c]).file.drainQueue();
        }
        for (int c = 0; c < 2; c++) {
            Pools.flip(crashed.disk(s.disks[c]).file.path(), Pools.SMALL.dataStart() + s.extents[c]
                    * Pools.SMALL.extentStride() + 4096 + 100, 5);
        }
        try (FilePool pool = Pools.open(dir, nodes)) {
            ScrubReport reconciled = pool.reconciledAtOpen().get(0);
            assertEquals(2, reconciled.unrepairableBlocks(), reconciled.toString());
            FabricException e = assertThrows(FabricException.class, () -> read(pool.open("v"), 4096, 4096));
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertArrayEquals(java.util.Arrays.copyOfRange(model, 0, 4096), read(pool.open("v"), 0, 4096));
        }
    }

    private static long usedBytes(FilePool pool) {
        long used = 0;
        for (fabric.api.storage.DiskStatus d : pool.disks()) {
            used += d.usedBytes();
        }
        return used;
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void twoSimultaneousCopiesOfASharedSlabReturnItsSpace() throws Exception {
        Random r = new Random(23);
        java.util.List<fabric.api.topology.NodeSpec> nodes = Pools.nodes(3, 1, DISK, false);
        byte[] a = random(r, 4096);
        byte[] b = random(r, 4096);
        long afterOneCopy;
        try (FilePool pool = Pools.open(dir, nodes)) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME));
            PoolVolume v = (PoolVolume) pool.open("v");
            write(v, 0, random(r, (int) VOLUME));
            pool.cloneVolume("v", "c");
            PoolVolume c = (PoolVolume) pool.open("c");
            SlabRecord shared = v.record().slabs[0];
            assertTrue(shared == c.record().slabs[0], "the clone shares the slab");
            v.flush();
            long before = usedBytes(pool);
            Thread[] writers = {new Thread(() -> write(v, 0, a)), new Thread(() -> write(c, 0, b))};
            // both writers reach the copy on write of the shared slab before either finishes it
            shared.lock.lock();
            try {
                for (Thread t : writers) {
                    t.start();
                }
                while (shared.lock.getQueueLength() < 2) {
                    Thread.onSpinWait();
                }
            } finally {
                shared.lock.unlock();
            }
            for (Thread t : writers) {
                t.join();
            }
            v.flush();
            afterOneCopy = usedBytes(pool);
            assertEquals(before + 2 * Pools.SMALL.extentStride(), afterOneCopy,
                    "one private copy (two columns) was added; the original stays with the other volume");
            assertArrayEquals(a, read(v, 0, 4096));
            assertArrayEquals(b, read(c, 0, 4096));
        }
        try (FilePool pool = Pools.open(dir, nodes)) {
            assertEquals(afterOneCopy, usedBytes(pool), "nothing more is returned by a reopen");
            assertArrayEquals(a, read(pool.open("v"), 0, 4096));
            assertArrayEquals(b, read(pool.open("c"), 0, 4096));
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aLateWriteToAReplacedDisksOldFileLeavesTheNewDiskOnline() throws Exception {
        Random r = new Random(24);
        java.util.List<fabric.api.topology.NodeSpec> nodes = Pools.nodes(3, 1, DISK, false);
        byte[] late = random(r, 4096);
        try (FilePool pool = Pools.open(dir, nodes)) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, VOLUME));
            PoolVolume dev = (PoolVolume) pool.open("v");
            write(dev, 0, random(r, (int) VOLUME));
            dev.flush();
            DiskRecord d = pool.disk(dev.record().slabs[0].disks[0]);
            Thread writer = new Thread(() -> write(dev, 0, late));
            // the writer has chosen its columns and taken column 0's file; it waits for the pool to
            // commit the region as pending while the disk is failed and replaced
            synchronized (pool) {
                writer.start();
                while (writer.getState() != Thread.State.BLOCKED) {
                    Thread.onSpinWait();
                }
                pool.failDisk(new NodeId(d.node), d.name, "test");
                pool.replaceDisk(new NodeId(d.node), d.name);
            }
            writer.join();
            assertEquals(DiskState.ONLINE, d.state, "the new disk is not failed by the old file's error: " + d.reason);
            assertArrayEquals(late, read(dev, 0, 4096));
            pool.repair("v", Progress.NONE);
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
            assertArrayEquals(late, read(dev, 0, 4096));
        }
    }
}
