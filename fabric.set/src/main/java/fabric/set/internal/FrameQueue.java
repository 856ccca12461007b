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
    private int capacity;
    private MutableDirectBuffer slots;
    private int[] length;
    private int[] vport;
    private int[] flow;
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

    /**
     * Doubles the capacity, keeping the frames in order: for frames a lossless class must take over
     * (from a failed NIC, from the switch a reconfiguration replaces). A control-path event: it
     * allocates.
     */
    void grow() {
        int bigger = capacity * 2;
        MutableDirectBuffer s = new UnsafeBuffer(java.nio.ByteBuffer.wrap(new byte[bigger * slotSize]));
        int[] l = new int[bigger];
        int[] v = new int[bigger];
        int[] f = new int[bigger];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % capacity;
            s.putBytes(i * slotSize, slots, from * slotSize, length[from]);
            l[i] = length[from];
            v[i] = vport[from];
            f[i] = flow[from];
        }
        slots = s;
        length = l;
        vport = v;
        flow = f;
        capacity = bigger;
        head = 0;
    }

    /** @return the largest frame a slot holds */
    int slotSize() {
        return slotSize;
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
