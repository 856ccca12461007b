package fabric.sdn.internal.underlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import fabric.sdn.internal.wire.Wire;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The in-process provider network: every host hangs off one top-of-rack switch by a full-duplex
 * link with a bandwidth (serialization delay, frames queue behind each other), a propagation
 * latency, a loss rate (seeded) and an up/down state. The switch learns source MACs per port and
 * forwards to the learned port, flooding unknown and broadcast destinations. Time is the injected
 * clock's: {@link #poll()} delivers every frame whose arrival time has come, so tests step time
 * and stay deterministic.
 *
 * <p>A host may hang off the switch by several links, one per NIC of its team
 * ({@link #attachNic}): the switch learns the host's MAC on whichever link it last sent from, flushes
 * what it learned on a link that goes down (as switches do on port down), and floods a frame to one
 * up link of each other host (the host takes a flooded frame from one NIC only).
 *
 * <p>Frame copies live in pooled slots: steady-state forwarding does not allocate.
 */
public final class SimulatedUnderlay implements Underlay {

    /** Default link bandwidth: 25 Gb/s. */
    public static final long DEFAULT_BITS_PER_SECOND = 25_000_000_000L;
    /** Default one-way propagation latency: 2 microseconds. */
    public static final long DEFAULT_LATENCY_NANOS = 2_000;

    private final LongSupplier clock;
    private final SplittableRandom random;
    private final List<Port> ports = new ArrayList<>();
    private final Long2LongHashMap macTable = new Long2LongHashMap(-1);
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final ArrayDeque<Event> pool = new ArrayDeque<>();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final org.agrona.collections.IntHashSet floodedTo = new org.agrona.collections.IntHashSet();
    private long sequence;
    private long lost;
    private long flooded;

    /** One switch port: the host's link (both directions) and its receiver. */
    public final class Port implements UnderlayEndpoint {
        final int index;
        final int pa;
        /** The NIC this link serves, or null for the host's own attachment. */
        final String nic;
        final UnderlayReceiver receiver;
        long bitsPerSecond = DEFAULT_BITS_PER_SECOND;
        long latencyNanos = DEFAULT_LATENCY_NANOS;
        double loss;
        volatile boolean up = true;
        long upstreamBusyUntil;
        long downstreamBusyUntil;

        Port(int index, int pa, String nic, UnderlayReceiver receiver) {
            this.index = index;
            this.pa = pa;
            this.nic = nic;
            this.receiver = receiver;
        }

        @Override
        public int providerAddress() {
            return pa;
        }

        @Override
        public boolean linkUp() {
            return up;
        }

        @Override
        public boolean send(DirectBuffer frame, int offset, int length) {
            synchronized (SimulatedUnderlay.this) {
                if (!up || length < Wire.ETH_HEADER || length > Wire.MAX_FRAME) {
                    lost++;
                    return false;
                }
                long arrival = transit(this, true, length);
                if (arrival < 0) {
                    return true;
                }
                schedule(arrival, -1, index, frame, offset, length);
                return true;
            }
        }

        /**
         * Sets the link's properties.
         *
         * @param bitsPerSecond bandwidth
         * @param latencyNanos one-way propagation latency
         * @param lossRate probability that a frame is lost on each crossing, 0-1
         */
        public void configure(long bitsPerSecond, long latencyNanos, double lossRate) {
            synchronized (SimulatedUnderlay.this) {
                if (bitsPerSecond <= 0 || latencyNanos < 0 || lossRate < 0 || lossRate > 1) {
                    throw new IllegalArgumentException("bad link: " + bitsPerSecond + " b/s, " + latencyNanos + " ns, loss "
                            + lossRate);
                }
                this.bitsPerSecond = bitsPerSecond;
                this.latencyNanos = latencyNanos;
                this.loss = lossRate;
            }
        }

        /** @param up false to fail the link (frames on it and to it are lost), true to restore it */
        public void setUp(boolean up) {
            synchronized (SimulatedUnderlay.this) {
                this.up = up;
                if (!up) {
                    // The switch forgets the MACs it learned on a port that went down.
                    macTable.entrySet().removeIf(e -> e.getValue() == index);
                }
            }
        }
    }

    /** A frame on its way: to the switch ({@code toPort} -1) or to a host. */
    private static final class Event implements Comparable<Event> {
        long time;
        long seq;
        int toPort;
        int fromPort;
        int length;
        byte[] bytes = new byte[Wire.MAX_FRAME];

        @Override
        public int compareTo(Event o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
        }
    }

    /**
     * @param clock simulated time, nanoseconds
     * @param seed the seed of the loss process
     */
    public SimulatedUnderlay(LongSupplier clock, long seed) {
        this.clock = clock;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized UnderlayEndpoint attach(int providerAddress, long hostMac, UnderlayReceiver receiver) {
        Port p = new Port(ports.size(), providerAddress, null, receiver);
        ports.add(p);
        return p;
    }

    @Override
    public synchronized UnderlayEndpoint attachNic(int providerAddress, long hostMac, String nic,
            UnderlayReceiver receiver) {
        for (Port p : ports) {
            if (p.pa == providerAddress && nic.equals(p.nic)) {
                throw new IllegalArgumentException("NIC " + nic + " of " + Wire.ipToString(providerAddress)
                        + " is attached already");
            }
        }
        Port p = new Port(ports.size(), providerAddress, nic, receiver);
        ports.add(p);
        return p;
    }

    @Override
    public void link(int providerAddress, String nic, boolean up) {
        port(providerAddress, nic).setUp(up);
    }

    /**
     * @param providerAddress a host's provider address
     * @param nic one of its NICs
     * @return the switch port of the NIC's link, to configure or fail it
     */
    public synchronized Port port(int providerAddress, String nic) {
        for (Port p : ports) {
            if (p.pa == providerAddress && nic.equals(p.nic)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no NIC " + nic + " at " + Wire.ipToString(providerAddress));
    }

    /**
     * @param providerAddress a host's provider address
     * @return its switch port, to configure or fail its link
     */
    public synchronized Port port(int providerAddress) {
        for (Port p : ports) {
            if (p.pa == providerAddress && p.nic == null) {
                return p;
            }
        }
        throw new IllegalArgumentException("no host with that provider address");
    }

    /** When a frame leaves a link's far end (or -1 when the link loses it). */
    private long transit(Port port, boolean upstream, int length) {
        if (port.loss > 0 && random.nextDouble() < port.loss) {
            lost++;
            return -1;
        }
        long now = clock.getAsLong();
        long serialization = length * 8L * 1_000_000_000L / port.bitsPerSecond;
        long start = Math.max(now, upstream ? port.upstreamBusyUntil : port.downstreamBusyUntil);
        long done = start + serialization;
        if (upstream) {
            port.upstreamBusyUntil = done;
        } else {
            port.downstreamBusyUntil = done;
        }
        return done + port.latencyNanos;
    }

    private void schedule(long time, int toPort, int fromPort, DirectBuffer frame, int offset, int length) {
        Event e = pool.isEmpty() ? new Event() : pool.poll();
        e.time = time;
        e.seq = sequence++;
        e.toPort = toPort;
        e.fromPort = fromPort;
        e.length = length;
        frame.getBytes(offset, e.bytes, 0, length);
        events.add(e);
    }

    @Override
    public int poll() {
        int delivered = 0;
        while (true) {
            Event e;
            Port to;
            synchronized (this) {
                e = events.peek();
                if (e == null || e.time > clock.getAsLong()) {
                    return delivered;
                }
                events.poll();
                if (e.toPort < 0) {
                    forward(e);
                    pool.add(e);
                    continue;
                }
                to = ports.get(e.toPort);
                if (!to.up) {
                    lost++;
                    pool.add(e);
                    continue;
                }
            }
            view.wrap(e.bytes, 0, e.length);
            to.receiver.onFrame(view, 0, e.length);
            delivered++;
            synchronized (this) {
                pool.add(e);
            }
        }
    }

    /** The top-of-rack switch: learn the source, forward to the learned port or flood. */
    private void forward(Event e) {
        view.wrap(e.bytes, 0, e.length);
        long dst = (long) (view.getShort(0, BIG_ENDIAN) & 0xFFFF) << 32 | (view.getInt(2, BIG_ENDIAN) & 0xFFFF_FFFFL);
        long src = (long) (view.getShort(6, BIG_ENDIAN) & 0xFFFF) << 32 | (view.getInt(8, BIG_ENDIAN) & 0xFFFF_FFFFL);
        if ((src & 0x0100_0000_0000L) == 0) {
            macTable.put(src, e.fromPort);
        }
        long learned = macTable.get(dst);
        if (learned >= 0) {
            toHost(ports.get((int) learned), e);
            return;
        }
        flooded++;
        // One copy per other host, on its first link that is up.
        int fromPa = ports.get(e.fromPort).pa;
        floodedTo.clear();
        for (Port p : ports) {
            if (p.pa != fromPa && p.up && floodedTo.add(p.pa)) {
                toHost(p, e);
            }
        }
        // A host with no link up loses its copy.
        for (Port p : ports) {
            if (p.pa != fromPa && floodedTo.add(p.pa)) {
                lost++;
            }
        }
    }

    private void toHost(Port p, Event e) {
        if (!p.up) {
            lost++;
            return;
        }
        long arrival = transit(p, false, e.length);
        if (arrival >= 0) {
            view.wrap(e.bytes, 0, e.length);
            schedule(arrival, p.index, e.fromPort, view, 0, e.length);
        }
    }

    /**
     * @param mac a MAC address
     * @return the switch port it was learned on, or -1
     */
    public synchronized int learnedPort(long mac) {
        return (int) macTable.get(mac);
    }

    /** @return frames lost on links (loss, link down) */
    public synchronized long lost() {
        return lost;
    }

    /** @return frames the switch flooded (unknown destination) */
    public synchronized long flooded() {
        return flooded;
    }

    /** @return frames on their way */
    public synchronized int inFlight() {
        return events.size();
    }

    @Override
    public synchronized void close() {
        events.clear();
    }
}
