package fabric.set.internal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bounded FIFO of frames in one preallocated buffer (fixed-size slots), with per-frame metadata
 * (the sending vPort and the flow hash, which failover needs to re-steer queued frames). Offering
 * and polling copy bytes and allocate nothing.
 */
final class FrameQueue {

    private final int slotSize;
    private final int capacity;
    private final MutableDirectBuffer slots;
    private final int[] length;
    private final int[] vport;
    private final int[] flow;
    private int head;
    private int size;
    private long bytes;

    FrameQueue(int capacity, int slotSize) {
        this.capacity = capacity;
        this.slotSize = slotSize;
        // Over a heap ByteBuffer, so that a transmitted frame can be handed on as a ByteBuffer.
        this.slots = new UnsafeBuffer(java.nio.ByteBuffer.wrap(new byte[capacity * slotSize]));
        this.length = new int[capacity];
        this.vport = new int[capacity];
        this.flow = new int[capacity];
    }

    boolean offer(DirectBuffer frame, int offset, int len, int vportId, int flowHash) {
        if (size == capacity || len > slotSize) {
            return false;
        }
        int slot = (head + size) % capacity;
        slots.putBytes(slot * slotSize, frame, offset, len);
        length[slot] = len;
        vport[slot] = vportId;
        flow[slot] = flowHash;
        size++;
        bytes += len;
        return true;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    long bytes() {
        return bytes;
    }

    int headLength() {
        return length[head];
    }

    int headVport() {
        return vport[head];
    }

    int headFlow() {
        return flow[head];
    }

    DirectBuffer buffer() {
        return slots;
    }

    int headOffset() {
        return head * slotSize;
    }

    void remove() {
        bytes -= length[head];
        head = (head + 1) % capacity;
        size--;
    }
}
