package fabric.set.internal;

import fabric.api.teaming.EgressPort;
import fabric.api.teaming.EgressResult;
import fabric.api.teaming.UplinkWire;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A sender's vPort on a node's switch (see {@link TeamingComponent#connect}): sending queues the
 * frame in the switch and runs its scheduler; the switch hands the frames this port sent to its
 * {@link UplinkWire} when a NIC transmits them. The binding to a switch is replaced when the team is
 * reconfigured. Locks: this port, then the switch, then whatever the wire takes.
 */
final class TeamPort implements EgressPort {

    /** The switch and the vPort's id on it; a new one per (re)configuration, never per frame. */
    record Binding(VSwitch vswitch, int id) {
    }

    private final String name;
    private final int priority;
    private final UplinkWire wire;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final AtomicLong wireErrors;
    private final Runnable onClose;
    private volatile Binding binding;
    private volatile boolean closed;

    TeamPort(String name, int priority, UplinkWire wire, AtomicLong wireErrors, Runnable onClose) {
        this.name = name;
        this.priority = priority;
        this.wire = wire;
        this.wireErrors = wireErrors;
        this.onClose = onClose;
    }

    int priority() {
        return priority;
    }

    boolean closed() {
        return closed;
    }

    Binding binding() {
        return binding;
    }

    void bind(Binding b) {
        binding = b;
    }

    @Override
    public synchronized EgressResult send(ByteBuffer frame) {
        int len = frame.remaining();
        if (closed || len <= 0) {
            return EgressResult.DROPPED;
        }
        while (true) {
            Binding b = binding;
            synchronized (b.vswitch()) {
                view.wrap(frame, frame.position(), len);
                int r = b.vswitch().send(b.id(), view, 0, len);
                if (r == VSwitch.RETIRED) {
                    // A reconfiguration replaced the switch while this send waited for it: the port
                    // is bound to the new one already.
                    continue;
                }
                b.vswitch().tick();
                return r == VSwitch.QUEUED ? EgressResult.QUEUED
                        : r == VSwitch.PAUSED ? EgressResult.PAUSED : EgressResult.DROPPED;
            }
        }
    }

    @Override
    public List<String> nics() {
        return binding.vswitch().spec().nics();
    }

    @Override
    public void carrier(String nic, boolean up) {
        while (true) {
            Binding b = binding;
            synchronized (b.vswitch()) {
                if (b == binding) {
                    b.vswitch().carrier(nic, up);
                    return;
                }
            }
        }
    }

    @Override
    public int flush() {
        VSwitch sw = binding.vswitch();
        synchronized (sw) {
            return sw.tick();
        }
    }

    @Override
    public String trafficClass() {
        Binding b = binding;
        synchronized (b.vswitch()) {
            return b.vswitch().trafficClassOf(b.id());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        closed = true;
        onClose.run();
    }

    /** A NIC transmits a frame this port sent: on the switch's lock, from its scheduler. */
    void transmitted(String nic, String trafficClass, DirectBuffer frame, int offset, int length) {
        ByteBuffer bytes = frame.byteBuffer();
        bytes.clear();
        bytes.position(offset).limit(offset + length);
        try {
            wire.transmit(nic, trafficClass, bytes);
        } catch (RuntimeException e) {
            // The sender's wire failed for this frame: counted; the scheduler goes on.
            wireErrors.incrementAndGet();
        }
    }
}
