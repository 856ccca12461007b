package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.DiskState;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeSpec;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The disks' write queues: read your writes, back-pressure, draining, and failed queued writes. */
@Timeout(60)
class WriteQueueTest {

    private static final int B = 4096;

    @TempDir
    Path dir;

    private static byte[] pattern(long seed, int len) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(DiskFile f, long pos, int len) throws Exception {
        byte[] b = new byte[len];
        f.read(pos, b, 0, len);
        return b;
    }

    /** Reads what the file itself holds, past any queue. */
    private static byte[] raw(Path file, long pos, int len) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining() && ch.read(b, pos + b.position()) >= 0) {
                // read on
            }
            return b.array();
        }
    }

    private static void awaitWaiting(Thread t) {
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(t.isAlive(), t.getName() + " ended instead of waiting");
            Thread.onSpinWait();
        }
    }

    @Test
    void everyReadSeesTheWritesQueuedBeforeItFromSeveralThreads() throws Exception {
        try (DiskFile f = DiskFile.open(dir.resolve("node-1").resolve("hdd-0"), 8L << 20, false, 64 << 10)) {
            int threads = 4;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        byte[][] last = new byte[16][];
                        for (int i = 0; i < 600; i++) {
                            int block = i % 16;
                            long pos = (long) (id * 16 + block) * B;
                            byte[] data = pattern(id * 100_000L + i, B);
                            f.writeQueued(pos, data, 0, B, null, null, 0, 0);
                            last[block] = data;
                            assertArrayEquals(data, read(f, pos, B), "block just written");
                            int other = (block + 7) % 16;
                            if (last[other] != null) {
                                assertArrayEquals(last[other], read(f, (long) (id * 16 + other) * B, B), "earlier block");
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "writer-" + t);
                all.add(th);
                th.start();
            }
            for (Thread th : all) {
                th.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    @Test
    void aReadWaitsOnlyForTheQueuedWritesItOverlaps() throws Exception {
        Path file = dir.resolve("node-1").resolve("hdd-0");
        try (DiskFile f = DiskFile.open(file, 1L << 20, false, 64 << 10)) {
            byte[] a = pattern(1, B);
            byte[] b = pattern(2, B);
            f.holdQueuedWrites(true);
            f.writeQueued(0, a, 0, B, null, null, 0, 0);
            f.writeQueued(2 * B, b, 0, B, null, null, 0, 0);
            assertEquals(2, f.queuedWrites());
            assertArrayEquals(new byte[B], read(f, B, B), "a block no queued write touches reads at once");
            assertArrayEquals(new byte[B], raw(file, 0, B), "still only in the queue");
            AtomicReference<byte[]> got = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    got.set(read(f, 2 * B + 100, 10));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "reader");
            reader.start();
            awaitWaiting(reader);
            assertEquals(null, got.get());
            f.holdQueuedWrites(false);
            reader.join();
            assertArrayEquals(Arrays.copyOfRange(b, 100, 110), got.get());
            assertArrayEquals(a, read(f, 0, B));
        }
    }

    @Test
    void aFullRingBlocksTheWriterUntilTheDiskCatchesUpAndLosesNothing() throws Exception {
        Path file = dir.resolve("node-1").resolve("hdd-0");
        try (DiskFile f = DiskFile.open(file, 1L << 20, false, 4 * B)) {
            f.holdQueuedWrites(true);
            for (int i = 0; i < 4; i++) {
                f.writeQueued((long) i * B, pattern(i, B), 0, B, null, null, 0, 0);
            }
            assertEquals(4, f.queuedWrites());
            Thread fifth = new Thread(() -> {
                try {
                    f.writeQueued(4L * B, pattern(4, B), 0, B, null, null, 0, 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "fifth");
            fifth.start();
            awaitWaiting(fifth);
            assertEquals(4, f.queuedWrites(), "the fifth write waits for room");
            f.holdQueuedWrites(false);
            fifth.join();
            // larger than the queue takes: written through, after what is queued
            byte[] big = pattern(9, 2 * B);
            f.writeQueued(B, big, 0, 2 * B, null, null, 0, 0);
            f.force();
            assertEquals(0, f.queuedWrites());
        }
        assertArrayEquals(pattern(0, B), raw(file, 0, B));
        assertArrayEquals(pattern(9, 2 * B), raw(file, B, 2 * B));
        assertArrayEquals(pattern(3, B), raw(file, 3L * B, B));
        assertArrayEquals(pattern(4, B), raw(file, 4L * B, B));
    }

    @Test
    void closeDrainsTheQueue() throws Exception {
        Path file = dir.resolve("node-1").resolve("hdd-0");
        DiskFile f = DiskFile.open(file, 1L << 20, false, 64 << 10);
        f.holdQueuedWrites(true);
        for (int i = 0; i < 3; i++) {
            f.writeQueued((long) i * B, pattern(i, B), 0, B, null, null, 0, 0);
        }
        Thread closer = new Thread(() -> {
            try {
                f.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "closer");
        closer.start();
        awaitWaiting(closer);
        assertArrayEquals(new byte[B], raw(file, 0, B), "nothing written while held");
        f.holdQueuedWrites(false);
        closer.join();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(pattern(i, B), raw(file, (long) i * B, B));
        }
        assertThrows(java.nio.channels.ClosedChannelException.class,
                () -> f.writeQueued(0, new byte[B], 0, B, null, null, 0, 0));
    }

    @Test
    void aBadQueueSizeIsRefusedBeforeAnyDiskIsTouched() throws Exception {
        for (int bad : new int[] {-1, 1, 4095}) {
            FabricException e = assertThrows(FabricException.class, () -> new FilePool(new ScaleUnitId("su-1"),
                    Pools.nodes(4, 1, 8L << 20, false), dir, Pools.SMALL, null, 200L << 20, bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("writeQueueBytes"), e.getMessage());
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count(), "no disk file was created");
        }
    }

    @Test
    void withTheQueueOffEveryColumnWriteIsInTheFileWhenTheWriteReturns() throws Exception {
        try (FilePool pool = new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 1, 8L << 20, false), dir, Pools.SMALL,
                null, 200L << 20, 0)) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, 256 << 10));
            BlockDevice dev = pool.open("v");
            byte[] a = pattern(5, 16 << 10);
            dev.write(0, ByteBuffer.wrap(a), false);
            SlabRecord s = pool.device("v").record().slabs[0];
            for (int c = 0; c < 2; c++) {
                DiskRecord d = pool.disk(s.disks[c]);
                assertEquals(0, d.file.queuedWrites());
                assertArrayEquals(a, raw(d.file.path(), Pools.SMALL.dataStart() + s.extents[c]
                        * Pools.SMALL.extentStride(), a.length), "copy " + c);
                assertThrows(IllegalStateException.class, () -> d.file.failNextQueuedWrites(1));
            }
        }
    }

    @Test
    void theCallerWritesTheLastCopyItselfWhileTheOthersAreQueued() throws Exception {
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, 8L << 20, false))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.THREE_WAY_MIRROR, 256 << 10));
            BlockDevice dev = pool.open("v");
            dev.write(0, ByteBuffer.wrap(pattern(1, 2 * B)), false);
            dev.flush();
            SlabRecord s = pool.device("v").record().slabs[0];
            DiskRecord[] d = new DiskRecord[3];
            for (int c = 0; c < 3; c++) {
                d[c] = pool.disk(s.disks[c]);
                d[c].file.holdQueuedWrites(true);
            }
            byte[] a = pattern(6, 2 * B);
            dev.write(0, ByteBuffer.wrap(a), false);
            for (int c = 0; c < 3; c++) {
                byte[] inFile = raw(d[c].file.path(), Pools.SMALL.dataStart() + s.extents[c] * Pools.SMALL.extentStride(),
                        a.length);
                if (c < 2) {
                    assertEquals(1, d[c].file.queuedWrites(), "copy " + c + " is queued");
                    assertFalse(java.util.Arrays.equals(a, inFile), "copy " + c + " is not in the file yet");
                } else {
                    assertEquals(0, d[c].file.queuedWrites());
                    assertArrayEquals(a, inFile, "the last copy is in the file when the write returns");
                }
            }
            for (DiskRecord r : d) {
                r.file.holdQueuedWrites(false);
            }
            dev.flush();
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(a, raw(d[c].file.path(), Pools.SMALL.dataStart() + s.extents[c]
                        * Pools.SMALL.extentStride(), a.length), "copy " + c + " after the flush");
            }
        }
    }

    @Test
    void aQueuedWriteThatFailsFailsTheDiskAndReadsComeFromTheOtherCopy() throws Exception {
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, 8L << 20, false))) {
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, 256 << 10));
            BlockDevice dev = pool.open("v");
            byte[] a = pattern(1, 16 << 10);
            dev.write(0, ByteBuffer.wrap(a), false);
            dev.flush();
            SlabRecord s = pool.device("v").record().slabs[0];
            DiskRecord d0 = pool.disk(s.disks[0]);
            d0.file.failNextQueuedWrites(1);
            byte[] b = pattern(2, B);
            d0.file.holdQueuedWrites(true);
            dev.write(B, ByteBuffer.wrap(b), false);
            assertEquals(1, d0.file.queuedWrites());
            d0.file.holdQueuedWrites(false);
            byte[] expected = a.clone();
            System.arraycopy(b, 0, expected, B, B);
            for (int round = 0; round < 2; round++) {
                ByteBuffer got = ByteBuffer.allocate(expected.length);
                dev.read(0, got);
                assertArrayEquals(expected, got.array(), "round " + round);
                dev.flush();
            }
            assertEquals(DiskState.FAILED, d0.state);
            assertTrue(d0.reason.contains("injected write failure"), d0.reason);
            assertTrue(SlabRecord.get(s.stale[0], 0), "the failed column's region is stale");
            assertFalse(SlabRecord.get(s.stale[1], 0));
            // the copy on the failed disk misses the write: only the stale mark keeps it from being read
            pool.returnDisk(new NodeId(d0.node), d0.name);
            ByteBuffer got = ByteBuffer.allocate(expected.length);
            dev.read(0, got);
            assertArrayEquals(expected, got.array());
        }
    }

    @Test
    void aFlushAfterQueuedWritesLostMoreThanTheRedundancyThrowsAndNothingWrongIsRead() throws Exception {
        try (FilePool pool = Pools.open(dir, Pools.nodes(4, 1, 8L << 20, false))) {
            // Dual parity 2+2: a 4 KiB write at 0 writes data column 0 and parity columns 2 and 3 of
            // region 0 (not rotated there); the caller writes the last of them itself, the others are
            // queued. With column 1's disk failed and both queued writes failing, one column is left
            // current where two are needed.
            pool.createVolume(new VolumeSpec("v", Resiliency.DUAL_PARITY, 256 << 10));
            BlockDevice dev = pool.open("v");
            dev.write(0, ByteBuffer.wrap(pattern(1, 16 << 10)), false);
            dev.flush();
            SlabRecord s = pool.device("v").record().slabs[0];
            DiskRecord d0 = pool.disk(s.disks[0]);
            DiskRecord d1 = pool.disk(s.disks[1]);
            DiskRecord d2 = pool.disk(s.disks[2]);
            pool.failDisk(new NodeId(d1.node), d1.name, "test");
            // held, so the write is acknowledged before its queued columns fail
            for (DiskRecord d : new DiskRecord[] {d0, d2}) {
                d.file.failNextQueuedWrites(1);
                d.file.holdQueuedWrites(true);
            }
            dev.write(0, ByteBuffer.wrap(pattern(2, B)), false);
            d0.file.holdQueuedWrites(false);
            d2.file.holdQueuedWrites(false);
            FabricException e = assertThrows(FabricException.class, dev::flush);
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("volume v") && e.getMessage().contains("lost")
                    && (e.getMessage().contains(d0.label()) || e.getMessage().contains(d2.label())), e.getMessage());
            FabricException r = assertThrows(FabricException.class, () -> dev.read(0, ByteBuffer.allocate(B)));
            assertEquals(ErrorCode.UNAVAILABLE, r.code());
            dev.flush();
        }
    }
}
