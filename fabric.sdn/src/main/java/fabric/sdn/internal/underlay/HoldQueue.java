package fabric.sdn.internal.underlay;

import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The frames a sender holds while its team pauses it (PFC): a bounded FIFO of whole frames in one
 * byte ring, allocated on first use (most senders are never paused) and allocation-free after.
 * Frames never wrap: one that does not fit before the ring's end starts again at its beginning.
 * Not thread-safe: its owner's lock guards it.
 */
final class HoldQueue {

    private final int capacityBytes;
    private final int capacityFrames;
    private byte[] ring;
    private ByteBuffer ringBuffer;
    private UnsafeBuffer ringView;
    private int[] offset;
    private int[] length;
    private int head;
    private int size;
    private int tail;
    private long bytes;

    /**
     * @param capacityBytes bytes it holds at most
     * @param capacityFrames frames it holds at most
     */
    HoldQueue(int capacityBytes, int capacityFrames) {
        this.capacityBytes = capacityBytes;
        this.capacityFrames = capacityFrames;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    /**
     * Appends a copy of a frame.
     *
     * @return false when it does not fit (the queue is full)
     */
    boolean offer(DirectBuffer frame, int at, int len) {
        if (ring == null) {
            ring = new byte[capacityBytes];
            ringBuffer = ByteBuffer.wrap(ring);
            ringView = new UnsafeBuffer(ring);
            offset = new int[capacityFrames];
            length = new int[capacityFrames];
        }
        if (size == capacityFrames || len > capacityBytes) {
            return false;
        }
        int start;
        if (size == 0) {
            start = 0;
        } else {
            int headAt = offset[head];
            if (tail > headAt) {
                start = tail + len <= capacityBytes ? tail : len <= headAt ? 0 : -1;
            } else {
                start = tail + len <= headAt ? tail : -1;
            }
        }
        if (start < 0) {
            return false;
        }
        ringView.putBytes(start, frame, at, len);
        int slot = (head + size) % capacityFrames;
        offset[slot] = start;
        length[slot] = len;
        size++;
        tail = start + len;
        bytes += len;
        return true;
    }

    /** @return the oldest frame as a buffer (position and limit around it), valid until {@link #remove} */
    ByteBuffer head() {
        ringBuffer.clear();
        ringBuffer.position(offset[head]).limit(offset[head] + length[head]);
        return ringBuffer;
    }

    void remove() {
        bytes -= length[head];
        head = (head + 1) % capacityFrames;
        size--;
        if (size == 0) {
            head = 0;
            tail = 0;
        }
    }
}
