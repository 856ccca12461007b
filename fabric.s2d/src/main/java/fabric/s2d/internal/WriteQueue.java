package fabric.s2d.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The volatile write cache of one disk: a bounded ring the callers copy their writes into, and
 * one writer thread that writes them to the file in the order they were queued. A write is
 * acknowledged once it is in the ring (it is promised durable only by a later force, which drains
 * the ring first), so the copies of a mirror write go to their disks at the same time.
 *
 * <p>The ring (a direct buffer, allocated with the thread on the first write) bounds how far the
 * callers can run ahead of the disk: a caller finding it full waits until half of what is queued
 * is written. Nothing is allocated per write: each slot's fields are preallocated arrays, and the
 * writer writes from a view of the ring.
 *
 * <p>A write that fails in the writer thread is kept, with the slab, column and region it was
 * for, until {@link #takeFailures()}; until then {@link #failed()} says so, and the disk must
 * treat it as an I/O error (see {@code FilePool.ioFailure}).
 */
final class WriteQueue {

    /** A queued write that failed: what the pool needs to fail the disk and mark the column stale. */
    record Failure(IOException error, VolumeRecord volume, SlabRecord slab, int column, int region) {
    }

    /** Idle loops of the writer before it parks: short, since the machine may have few cores. */
    private static final int SPIN = Integer.getInteger("fabric.s2d.writerSpin", 200);

    private final FileChannel channel;
    private final String label;
    private final int capacity;
    private final int slots;
    private final int maxWrite;
    private final Object lock = new Object();
    private ByteBuffer ring;
    private Thread writer;
    private final long[] slotPos;
    private final int[] slotOff;
    private final int[] slotLen;
    private final long[] slotEnd;
    private final VolumeRecord[] slotVolume;
    private final SlabRecord[] slotSlab;
    private final int[] slotColumn;
    private final int[] slotRegion;
    /** Writes queued; written by callers under {@link #lock}. */
    private volatile long tail;
    /** Writes done; written by the writer only. */
    private volatile long head;
    /** Ring bytes used up to {@link #tail}, pads included; under {@link #lock}. */
    private long tailBytes;
    /** Ring bytes freed up to {@link #head}; written by the writer only. */
    private volatile long headBytes;
    /** The lowest {@link #head} some waiter waits for; the writer wakes them when it gets there. */
    private volatile long wakeAt = Long.MAX_VALUE;
    private volatile boolean parked;
    private volatile boolean stopping;
    private final List<Failure> failures = new ArrayList<>();
    private volatile boolean failed;
    /** Test hook: so many next writes fail in the writer thread. */
    private volatile int failNext;
    /** Test hook: the writer holds off while set. */
    private volatile boolean held;

    /**
     * @param channel the disk's file
     * @param capacity the ring's bytes; writes larger than a quarter of it are not queued
     * @param label the disk's label ({@code node/disk}), in the writer thread's name and in errors
     */
    WriteQueue(FileChannel channel, int capacity, String label) {
        if (capacity < 4096) {
            throw new IllegalArgumentException("write queue of " + capacity + " bytes: at least 4096");
        }
        this.channel = channel;
        this.capacity = capacity;
        this.label = label;
        this.maxWrite = Math.max(4096, capacity / 4);
        this.slots = Math.max(16, capacity / 4096);
        slotPos = new long[slots];
        slotOff = new int[slots];
        slotLen = new int[slots];
        slotEnd = new long[slots];
        slotVolume = new VolumeRecord[slots];
        slotSlab = new SlabRecord[slots];
        slotColumn = new int[slots];
        slotRegion = new int[slots];
    }

    /**
     * Queues a write, waiting while the ring is full.
     *
     * @return false when the write is too large to queue (nothing queued: the caller writes it
     *         itself, after {@link #drain()})
     * @throws IOException when an earlier queued write failed and was not yet taken
     */
    boolean offer(long position, byte[] buf, int off, int len, VolumeRecord volume, SlabRecord slab, int column,
            int region) throws IOException {
        if (len > maxWrite) {
            return false;
        }
        synchronized (lock) {
            if (stopping) {
                throw new java.nio.channels.ClosedChannelException();
            }
            requireNoFailure();
            if (writer == null) {
                start();
            }
            long t;
            int at;
            long pad;
            while (true) {
                t = tail;
                at = (int) (tailBytes % capacity);
                pad = at + len > capacity ? capacity - at : 0;
                if (t - head < slots && tailBytes + pad + len - headBytes <= capacity) {
                    break;
                }
                awaitLocked(head + Math.max(1, (t - head) / 2));
                if (stopping) {
                    // closed while this write waited for room: the writer may be gone
                    throw new java.nio.channels.ClosedChannelException();
                }
            }
            int i = (int) (t % slots);
            int ringOff = pad > 0 ? 0 : at;
            ring.put(ringOff, buf, off, len);
            tailBytes += pad + len;
            slotPos[i] = position;
            slotOff[i] = ringOff;
            slotLen[i] = len;
            slotEnd[i] = tailBytes;
            slotVolume[i] = volume;
            slotSlab[i] = slab;
            slotColumn[i] = column;
            slotRegion[i] = region;
            tail = t + 1;
        }
        if (parked) {
            LockSupport.unpark(writer);
        }
        return true;
    }

    private void start() {
        ring = ByteBuffer.allocateDirect(capacity);
        writer = new Thread(this::run, "fabric-s2d-writer-" + label);
        writer.setDaemon(true);
        writer.start();
    }

    /** @throws IOException the first failed write not yet taken */
    void requireNoFailure() throws IOException {
        if (failed) {
            synchronized (failures) {
                if (!failures.isEmpty()) {
                    Failure f = failures.get(0);
                    throw new IOException("disk " + label + ": a queued write failed: " + f.error().getMessage(), f.error());
                }
            }
        }
    }

    /** @return whether a queued write failed and was not yet taken */
    boolean failed() {
        return failed;
    }

    /** @return the failed writes not yet taken, and forgets them */
    List<Failure> takeFailures() {
        synchronized (failures) {
            List<Failure> taken = List.copyOf(failures);
            failures.clear();
            failed = false;
            return taken;
        }
    }

    /** Waits until every write queued before this call is in the file. */
    void drain() {
        await(tail);
    }

    /** Waits until every queued write that overlaps the range is in the file (read your writes). */
    void awaitOverlap(long position, int len) {
        long h = head;
        long t = tail;
        if (h == t) {
            return;
        }
        long last = -1;
        long end = position + len;
        for (long q = h; q < t; q++) {
            int i = (int) (q % slots);
            long p = slotPos[i];
            if (p < end && position < p + slotLen[i]) {
                last = q;
            }
        }
        if (last >= 0) {
            await(last + 1);
        }
    }

    /** @return writes queued and not yet written */
    int queued() {
        return (int) (tail - head);
    }

    private void await(long seq) {
        if (head >= seq) {
            return;
        }
        synchronized (lock) {
            awaitLocked(seq);
        }
    }

    /** Waits, holding {@link #lock} (released while waiting), until {@link #head} reaches {@code seq}. */
    private void awaitLocked(long seq) {
        boolean interrupted = false;
        while (true) {
            if (seq < wakeAt) {
                wakeAt = seq;
            }
            if (head >= seq) {
                break;
            }
            try {
                lock.wait();
            } catch (InterruptedException e) {
                // a queued write cannot be abandoned half way: wait on, and keep the interrupt
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Test hook: the next {@code n} writes fail in the writer thread. */
    void failNextWrites(int n) {
        failNext = n;
    }

    /** Test hook: while {@code hold} the writer writes nothing (the ring fills up). */
    void holdWriter(boolean hold) {
        held = hold;
        Thread w = writer;
        if (!hold && w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Drains the queue and stops the writer thread. */
    void close() {
        synchronized (lock) {
            awaitLocked(tail);
            stopping = true;
        }
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
            boolean interrupted = false;
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        ByteBuffer view = ring.duplicate();
        int idle = 0;
        while (true) {
            long h = head;
            if (h == tail || held) {
                if (stopping) {
                    return;
                }
                if (idle++ < SPIN) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if ((h == tail || held) && !stopping) {
                    LockSupport.park(this);
                }
                parked = false;
                idle = 0;
                continue;
            }
            idle = 0;
            int i = (int) (h % slots);
            IOException error = null;
            try {
                if (failNext > 0) {
                    failNext--;
                    throw new IOException("injected write failure at " + slotPos[i]);
                }
                view.limit(slotOff[i] + slotLen[i]);
                view.position(slotOff[i]);
                long p = slotPos[i];
                while (view.hasRemaining()) {
                    p += channel.write(view, p);
                }
            } catch (IOException e) {
                error = e;
            } catch (RuntimeException | Error e) {
                error = new IOException(e);
            }
            if (error != null) {
                synchronized (failures) {
                    failures.add(new Failure(error, slotVolume[i], slotSlab[i], slotColumn[i], slotRegion[i]));
                    failed = true;
                }
            }
            slotVolume[i] = null;
            slotSlab[i] = null;
            headBytes = slotEnd[i];
            head = h + 1;
            if (h + 1 >= wakeAt) {
                synchronized (lock) {
                    wakeAt = Long.MAX_VALUE;
                    lock.notifyAll();
                }
            }
        }
    }
}
