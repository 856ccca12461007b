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
 * link with a bandwidth (serialization delay, one frame at a time), a propagation latency, a loss
 * rate (seeded) and an up/down state. The switch learns source MACs per port and forwards to the
 * learned port, flooding unknown and broadcast destinations. Time is the injected clock's:
 * {@link #poll()} runs every event whose time has come (in time order, each at its own time), so
 * tests step time and stay deterministic.
 *
 * <p>A host may hang off the switch by several links, one per NIC of its team
 * ({@link #attachNic}): the switch learns the host's MAC on whichever link it last sent from, flushes
 * what it learned on a link that goes down (as switches do on port down), and floods a frame to one
 * up link of each other host (the host takes a flooded frame from one NIC only).
 *
 * <p><b>Queues and priority flow control (IEEE 802.1Qbb, as DCB does it).</b> Every frame carries
 * an 802.1p priority ({@link UnderlayEndpoint#send(DirectBuffer, int, int, int)}: the PCP of the
 * priority tag the NIC puts on the wire). Each link's host end (the NIC) has a transmit queue per
 * priority, sent in the order the frames were handed to it; each switch port has a bounded egress
 * queue per priority toward its host, served by deficit round robin (equal shares). For a priority
 * the switch treats as lossy, a frame that does not fit its egress queue ({@link #buffers}) is
 * dropped at the tail and counted per port and priority. For a lossless priority
 * ({@link #lossless(java.util.Collection)}, default 3), when an egress queue grows past its XOFF
 * threshold the switch sends a PFC frame that
 * pauses that priority to every ingress link feeding the queue (those with frames in it, and any
 * that sends to it while it stays above XON); when the queue drains to its XON threshold it sends
 * the resuming PFC frame to each of them. Pause semantics: XOFF/XON events (a pause frame with the
 * largest quanta, then one with quanta 0), not expiring quanta: a paused NIC stays paused until its
 * XON arrives. PFC frames cross the link like any frame (after the frame being serialized, plus the
 * propagation latency); a NIC that receives one stops (or resumes) sending that priority at its next
 * frame boundary, its queue holding the frames meanwhile, and tells its host
 * ({@link UnderlayEndpoint#paused}), so the host's team stops that class on that NIC. Frames already
 * sent or on their way when the pause takes effect still arrive: a lossless queue has headroom above
 * XOFF for them, per ingress link {@code 2 x (bandwidth x latency) + 2 x the largest frame + the
 * PFC frame}, so a lossless frame is never dropped ({@link PriorityStatus#drops()} stays 0 for it; a
 * frame that still did not fit would be counted there). With PFC disabled ({@link #pfc(boolean)})
 * lossless priorities are treated as lossy.
 *
 * <p>Frame copies live in pooled slots: steady-state forwarding does not allocate.
 */
public final class SimulatedUnderlay implements Underlay {

    /** Default link bandwidth: 25 Gb/s. */
    public static final long DEFAULT_BITS_PER_SECOND = 25_000_000_000L;
    /** Default one-way propagation latency: 2 microseconds. */
    public static final long DEFAULT_LATENCY_NANOS = 2_000;
    /** Default egress queue of a switch port, per priority, in bytes (tail drop for lossy priorities). */
    public static final int DEFAULT_QUEUE_BYTES = 256 * 1024;
    /** Default XOFF threshold of a lossless egress queue, in bytes. */
    public static final int DEFAULT_XOFF_BYTES = 128 * 1024;
    /** Default XON threshold of a lossless egress queue, in bytes. */
    public static final int DEFAULT_XON_BYTES = 64 * 1024;
    /** Bytes of a PFC frame on the wire (a minimum-size MAC control frame). */
    static final int PFC_FRAME_BYTES = 64;

    private static final int FRAME_TO_SWITCH = 0;
    private static final int FRAME_TO_HOST = 1;
    private static final int NIC_FREE = 2;
    private static final int SWITCH_PORT_FREE = 3;
    private static final int PFC_AT_NIC = 4;

    private final LongSupplier clock;
    private final SplittableRandom random;
    private final List<Port> ports = new ArrayList<>();
    private final Long2LongHashMap macTable = new Long2LongHashMap(-1);
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final ArrayDeque<Event> pool = new ArrayDeque<>();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final org.agrona.collections.IntHashSet floodedTo = new org.agrona.collections.IntHashSet();
    private final boolean[] lossless = new boolean[8];
    private boolean pfcEnabled = true;
    private int queueBytes = DEFAULT_QUEUE_BYTES;
    private int xoffBytes = DEFAULT_XOFF_BYTES;
    private int xonBytes = DEFAULT_XON_BYTES;
    private long sequence;
    private long lost;
    private long flooded;
    private int queuedFrames;
    private int framesOnWire;

    /**
     * One switch port with its host's link (both directions): the NIC's transmit queues at the host
     * end, the switch's egress queues toward the host, and the PFC state and counters of both ends.
     */
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

        // The NIC's end: transmit queues per priority, and the pauses its link partner (the switch) asserts.
        @SuppressWarnings("unchecked")
        final ArrayDeque<Event>[] nicQueue = new ArrayDeque[8];
        long nicBusyUntil;
        boolean nicScheduled;
        /** Per priority: paused by the switch (PFC received and not yet resumed), read by the host. */
        private volatile int pausedMask;
        final long[] pauseReceived = new long[8];
        final long[] resumeReceived = new long[8];

        // The switch's end: egress queues per priority toward the host.
        @SuppressWarnings("unchecked")
        final ArrayDeque<Event>[] egress = new ArrayDeque[8];
        final int[] egressBytes = new int[8];
        final int[] egressPeak = new int[8];
        final long[] deficit = new long[8];
        int current;
        long egressBusyUntil;
        boolean egressScheduled;
        final long[] drops = new long[8];
        final long[] txFrames = new long[8];
        /** Per priority: the ingress ports this egress queue paused (above XOFF until it drains to XON). */
        final org.agrona.collections.IntHashSet[] pausing = new org.agrona.collections.IntHashSet[8];
        /** Per priority, as an ingress port: how many egress queues hold it paused. */
        final int[] pauseHolds = new int[8];
        final long[] pauseSent = new long[8];
        final long[] resumeSent = new long[8];

        Port(int index, int pa, String nic, UnderlayReceiver receiver) {
            this.index = index;
            this.pa = pa;
            this.nic = nic;
            this.receiver = receiver;
            for (int p = 0; p < 8; p++) {
                nicQueue[p] = new ArrayDeque<>();
                egress[p] = new ArrayDeque<>();
                pausing[p] = new org.agrona.collections.IntHashSet();
            }
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
        public boolean paused(int priority) {
            return (pausedMask & (1 << priority)) != 0;
        }

        @Override
        public boolean send(DirectBuffer frame, int offset, int length) {
            return send(frame, offset, length, 0);
        }

        @Override
        public boolean send(DirectBuffer frame, int offset, int length, int priority) {
            synchronized (SimulatedUnderlay.this) {
                if (!up || length < Wire.ETH_HEADER || length > Wire.MAX_FRAME || priority < 0 || priority > 7) {
                    lost++;
                    return false;
                }
                if (loss > 0 && random.nextDouble() < loss) {
                    lost++;
                    return true;
                }
                Event e = take();
                e.fromPort = index;
                e.priority = priority;
                e.copy(frame, offset, length);
                e.seq = sequence++;
                nicQueue[priority].add(e);
                queuedFrames++;
                if (!nicScheduled) {
                    // The transmitter starts in the next poll, after any PFC frame that reached the
                    // NIC before now (events run in time order).
                    schedule(take(), NIC_FREE, Math.max(clock.getAsLong(), nicBusyUntil), index);
                    nicScheduled = true;
                }
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
                    // What waited at either end of the dead link is lost; its pauses end with it.
                    long at = clock.getAsLong();
                    for (int p = 0; p < 8; p++) {
                        while (!nicQueue[p].isEmpty()) {
                            lost++;
                            queuedFrames--;
                            release(nicQueue[p].poll());
                        }
                        while (!egress[p].isEmpty()) {
                            lost++;
                            Event e = egress[p].poll();
                            dequeued(this, p, e, at);
                            release(e);
                        }
                    }
                    pausedMask = 0;
                    // The switch forgets that it paused this link: a link that returns starts unpaused.
                    for (int i = 0; i < ports.size(); i++) {
                        for (int q = 0; q < 8; q++) {
                            if (ports.get(i).pausing[q].remove(index)) {
                                pauseHolds[q]--;
                            }
                        }
                    }
                } else if (!nicScheduled) {
                    schedule(take(), NIC_FREE, Math.max(clock.getAsLong(), nicBusyUntil), index);
                    nicScheduled = true;
                }
            }
        }

        /** @return the link's state and counters, per priority */
        public PortStatus status() {
            synchronized (SimulatedUnderlay.this) {
                List<PriorityStatus> list = new ArrayList<>();
                for (int p = 0; p < 8; p++) {
                    list.add(new PriorityStatus(p, lossless[p] && pfcEnabled, egress[p].size(), egressBytes[p],
                            egressPeak[p], txFrames[p], drops[p], pauseSent[p], resumeSent[p], pauseHolds[p] > 0,
                            pauseReceived[p], resumeReceived[p], paused(p), nicQueue[p].size()));
                }
                return new PortStatus(pa, nic, up, bitsPerSecond, latencyNanos, headroomBytes(this), list);
            }
        }
    }

    /**
     * One priority of one link, as {@code net:switch} shows it.
     *
     * @param priority the 802.1p priority
     * @param lossless whether the switch runs PFC for it
     * @param queued frames in the switch's egress queue toward the host
     * @param queuedBytes their bytes
     * @param peakBytes the most bytes that queue ever held
     * @param txFrames frames the switch sent to the host
     * @param drops frames the egress queue dropped at its tail (0 for a lossless priority)
     * @param pauseSent PFC pause (XOFF) frames the switch sent on this link (this link fed a congested queue)
     * @param resumeSent PFC resume (XON) frames the switch sent on this link
     * @param pausing whether the switch holds this link's priority paused now
     * @param pauseReceived PFC pause frames the NIC received
     * @param resumeReceived PFC resume frames the NIC received
     * @param nicPaused whether the NIC is paused for this priority now
     * @param nicQueued frames waiting in the NIC's transmit queue
     */
    public record PriorityStatus(int priority, boolean lossless, int queued, int queuedBytes, int peakBytes,
            long txFrames, long drops, long pauseSent, long resumeSent, boolean pausing, long pauseReceived,
            long resumeReceived, boolean nicPaused, int nicQueued) {
    }

    /**
     * One link of the switch.
     *
     * @param providerAddress the host's provider address
     * @param nic the NIC, or null for the host's own attachment
     * @param up the link's state
     * @param bitsPerSecond bandwidth
     * @param latencyNanos one-way latency
     * @param headroomBytes the lossless headroom this link needs above XOFF
     * @param priorities the eight priorities
     */
    public record PortStatus(int providerAddress, String nic, boolean up, long bitsPerSecond, long latencyNanos,
            int headroomBytes, List<PriorityStatus> priorities) {

        /** Copies the list. */
        public PortStatus {
            priorities = List.copyOf(priorities);
        }
    }

    /** A frame (or a link's control event) on its way. */
    private static final class Event implements Comparable<Event> {
        long time;
        long seq;
        int kind;
        int toPort;
        int fromPort;
        int priority;
        boolean pause;
        int length;
        byte[] bytes;

        void copy(DirectBuffer frame, int offset, int len) {
            if (bytes == null) {
                bytes = new byte[Wire.MAX_FRAME];
            }
            frame.getBytes(offset, bytes, 0, len);
            length = len;
        }

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
        lossless[3] = true;
    }

    /**
     * Sets the priorities the switch makes lossless with PFC (as DCB configures them; the team's
     * lossless classes should carry the same priorities).
     *
     * @param priorities 802.1p priorities, 0-7
     */
    public synchronized void lossless(java.util.Collection<Integer> priorities) {
        boolean[] set = new boolean[8];
        for (int p : priorities) {
            if (p < 0 || p > 7) {
                throw new IllegalArgumentException("priority " + p + " is not 0-7");
            }
            set[p] = true;
        }
        System.arraycopy(set, 0, lossless, 0, 8);
    }

    /** @return the priorities the switch makes lossless */
    public synchronized List<Integer> lossless() {
        List<Integer> list = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            if (lossless[p]) {
                list.add(p);
            }
        }
        return list;
    }

    /**
     * Enables or disables the switch's PFC (disabled, lossless priorities drop at the tail like lossy ones).
     *
     * @param enabled true to run PFC
     */
    public synchronized void pfc(boolean enabled) {
        this.pfcEnabled = enabled;
    }

    /**
     * Sets the switch's egress buffers, per port and priority.
     *
     * @param queue bytes of a queue (lossy priorities drop beyond it)
     * @param xoff bytes above which a lossless queue pauses its ingress links
     * @param xon bytes at or below which it resumes them
     */
    public synchronized void buffers(int queue, int xoff, int xon) {
        if (xon < 0 || xoff <= xon || queue < Wire.MAX_FRAME) {
            throw new IllegalArgumentException("bad buffers: queue " + queue + ", XOFF " + xoff + ", XON " + xon
                    + " (need XON < XOFF and a queue of at least one largest frame)");
        }
        this.queueBytes = queue;
        this.xoffBytes = xoff;
        this.xonBytes = xon;
    }

    /** @return every link's state and counters, in attachment order */
    public List<PortStatus> status() {
        List<Port> list;
        synchronized (this) {
            list = new ArrayList<>(ports);
        }
        List<PortStatus> out = new ArrayList<>();
        for (Port p : list) {
            out.add(p.status());
        }
        return out;
    }

    /** The headroom a link needs above XOFF: what it can still bring after the switch decides to pause it. */
    static int headroomBytes(long bitsPerSecond, long latencyNanos) {
        long onWire = (bitsPerSecond * latencyNanos + 7_999_999_999L) / 8_000_000_000L;
        return (int) Math.min(Integer.MAX_VALUE / 64, 2 * onWire + 2L * Wire.MAX_FRAME + PFC_FRAME_BYTES);
    }

    private static int headroomBytes(Port p) {
        return headroomBytes(p.bitsPerSecond, p.latencyNanos);
    }

    private Event take() {
        Event e = pool.isEmpty() ? new Event() : pool.poll();
        e.pause = false;
        return e;
    }

    private void release(Event e) {
        pool.add(e);
    }

    private void schedule(Event e, int kind, long time, int toPort) {
        e.kind = kind;
        e.time = time;
        e.toPort = toPort;
        e.seq = sequence++;
        events.add(e);
    }

    private long serialization(Port p, int length) {
        return length * 8L * 1_000_000_000L / p.bitsPerSecond;
    }

    /** The NIC's transmitter at time {@code at}: the oldest frame of a priority that is not paused. */
    private void nicSend(Port p, long at) {
        p.nicScheduled = false;
        if (!p.up) {
            return;
        }
        Event best = null;
        int bestPriority = -1;
        for (int q = 0; q < 8; q++) {
            Event head = p.nicQueue[q].peek();
            if (head != null && !p.paused(q) && (best == null || head.seq < best.seq)) {
                best = head;
                bestPriority = q;
            }
        }
        if (best == null) {
            return;
        }
        p.nicQueue[bestPriority].poll();
        queuedFrames--;
        framesOnWire++;
        long done = at + serialization(p, best.length);
        p.nicBusyUntil = done;
        schedule(best, FRAME_TO_SWITCH, done + p.latencyNanos, -1);
        Event free = take();
        schedule(free, NIC_FREE, done, p.index);
        p.nicScheduled = true;
    }

    /** The switch port's transmitter at time {@code at}: deficit round robin over the priorities. */
    private void egressSend(Port p, long at) {
        p.egressScheduled = false;
        if (!p.up) {
            return;
        }
        for (int tries = 0; tries < 16; tries++) {
            int q = p.current;
            Event head = p.egress[q].peek();
            if (head == null) {
                p.deficit[q] = 0;
                p.current = (q + 1) & 7;
                continue;
            }
            if (p.deficit[q] < head.length) {
                p.deficit[q] += Wire.MAX_FRAME;
                p.current = (q + 1) & 7;
                continue;
            }
            p.deficit[q] -= head.length;
            p.egress[q].poll();
            dequeued(p, q, head, at);
            p.txFrames[q]++;
            if (p.loss > 0 && random.nextDouble() < p.loss) {
                lost++;
                release(head);
            } else {
                framesOnWire++;
                long done = at + serialization(p, head.length);
                p.egressBusyUntil = done;
                schedule(head, FRAME_TO_HOST, done + p.latencyNanos, p.index);
                Event free = take();
                schedule(free, SWITCH_PORT_FREE, done, p.index);
                p.egressScheduled = true;
                return;
            }
        }
        // Every queue empty (or their frames lost): the transmitter is idle.
        boolean any = false;
        for (int q = 0; q < 8; q++) {
            any |= !p.egress[q].isEmpty();
        }
        if (any) {
            Event free = take();
            schedule(free, SWITCH_PORT_FREE, at, p.index);
            p.egressScheduled = true;
        }
    }

    /** A frame left an egress queue: its bytes are freed, and a lossless queue at XON resumes its ingress links. */
    private void dequeued(Port p, int q, Event e, long at) {
        p.egressBytes[q] -= e.length;
        queuedFrames--;
        if (!p.pausing[q].isEmpty() && p.egressBytes[q] <= xonBytes) {
            org.agrona.collections.IntHashSet.IntIterator it = p.pausing[q].iterator();
            while (it.hasNext()) {
                Port in = ports.get(it.nextValue());
                if (--in.pauseHolds[q] == 0) {
                    pfcFrame(in, q, false, at);
                }
            }
            p.pausing[q].clear();
        }
    }

    /** The switch sends a PFC frame on an ingress link: it reaches the NIC after the frame being sent and the latency. */
    private void pfcFrame(Port in, int priority, boolean pause, long at) {
        if (pause) {
            in.pauseSent[priority]++;
        } else {
            in.resumeSent[priority]++;
        }
        long start = Math.max(at, in.egressBusyUntil);
        Event e = take();
        e.priority = priority;
        e.pause = pause;
        schedule(e, PFC_AT_NIC, start + serialization(in, PFC_FRAME_BYTES) + in.latencyNanos, in.index);
    }

    /** A frame arrived at the switch from an ingress link: queue it toward its egress port(s). */
    private void enqueue(Port out, Event e, long at) {
        if (!out.up) {
            lost++;
            release(e);
            return;
        }
        int q = e.priority;
        boolean pfc = pfcEnabled && lossless[q];
        int limit = pfc ? xoffBytes + headroomLimit() : queueBytes;
        if (out.egressBytes[q] + e.length > limit) {
            out.drops[q]++;
            release(e);
            return;
        }
        out.egress[q].add(e);
        queuedFrames++;
        out.egressBytes[q] += e.length;
        out.egressPeak[q] = Math.max(out.egressPeak[q], out.egressBytes[q]);
        if (pfc && (out.egressBytes[q] > xoffBytes || !out.pausing[q].isEmpty())) {
            if (out.egressBytes[q] > xoffBytes && out.pausing[q].isEmpty()) {
                // Crossing XOFF: every ingress link with frames in the queue feeds it.
                for (Event f : out.egress[q]) {
                    pause(out, q, f.fromPort, at);
                }
            } else {
                pause(out, q, e.fromPort, at);
            }
        }
        if (!out.egressScheduled) {
            egressSend(out, Math.max(at, out.egressBusyUntil));
        }
    }

    private void pause(Port out, int q, int ingress, long at) {
        if (out.pausing[q].add(ingress)) {
            Port in = ports.get(ingress);
            if (in.pauseHolds[q]++ == 0) {
                pfcFrame(in, q, true, at);
            }
        }
    }

    /** The lossless headroom of a queue: every link may feed it. */
    private int headroomLimit() {
        long sum = 0;
        for (int i = 0; i < ports.size(); i++) {
            sum += headroomBytes(ports.get(i));
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, sum);
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
                switch (e.kind) {
                    case FRAME_TO_SWITCH -> {
                        framesOnWire--;
                        forward(e);
                        continue;
                    }
                    case NIC_FREE -> {
                        Port p = ports.get(e.toPort);
                        release(e);
                        nicSend(p, e.time);
                        continue;
                    }
                    case SWITCH_PORT_FREE -> {
                        Port p = ports.get(e.toPort);
                        release(e);
                        egressSend(p, e.time);
                        continue;
                    }
                    case PFC_AT_NIC -> {
                        Port p = ports.get(e.toPort);
                        release(e);
                        if (p.up) {
                            int bit = 1 << e.priority;
                            if (e.pause) {
                                p.pauseReceived[e.priority]++;
                                p.pausedMask |= bit;
                            } else {
                                p.resumeReceived[e.priority]++;
                                p.pausedMask &= ~bit;
                                if (!p.nicScheduled) {
                                    nicSend(p, Math.max(e.time, p.nicBusyUntil));
                                }
                            }
                        }
                        continue;
                    }
                    default -> {
                        framesOnWire--;
                    }
                }
                to = ports.get(e.toPort);
                if (!to.up) {
                    lost++;
                    release(e);
                    continue;
                }
            }
            view.wrap(e.bytes, 0, e.length);
            to.receiver.onFrame(view, 0, e.length);
            delivered++;
            synchronized (this) {
                release(e);
            }
        }
    }

    /** The top-of-rack switch: learn the source, forward to the learned port or flood. */
    private void forward(Event e) {
        long at = e.time;
        view.wrap(e.bytes, 0, e.length);
        long dst = (long) (view.getShort(0, BIG_ENDIAN) & 0xFFFF) << 32 | (view.getInt(2, BIG_ENDIAN) & 0xFFFF_FFFFL);
        long src = (long) (view.getShort(6, BIG_ENDIAN) & 0xFFFF) << 32 | (view.getInt(8, BIG_ENDIAN) & 0xFFFF_FFFFL);
        if ((src & 0x0100_0000_0000L) == 0) {
            macTable.put(src, e.fromPort);
        }
        long learned = macTable.get(dst);
        if (learned >= 0) {
            enqueue(ports.get((int) learned), e, at);
            return;
        }
        flooded++;
        // One copy per other host, on its first link that is up.
        int fromPa = ports.get(e.fromPort).pa;
        floodedTo.clear();
        for (Port p : ports) {
            if (p.pa != fromPa && p.up && floodedTo.add(p.pa)) {
                Event copy = take();
                copy.fromPort = e.fromPort;
                copy.priority = e.priority;
                view.wrap(e.bytes, 0, e.length);
                copy.copy(view, 0, e.length);
                enqueue(p, copy, at);
            }
        }
        // A host with no link up loses its copy.
        for (Port p : ports) {
            if (p.pa != fromPa && floodedTo.add(p.pa)) {
                lost++;
            }
        }
        release(e);
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

    /** @return frames the switch's egress queues dropped at their tails, every port and priority */
    public synchronized long drops() {
        long n = 0;
        for (Port p : ports) {
            for (long d : p.drops) {
                n += d;
            }
        }
        return n;
    }

    /** @return frames on their way: queued at a NIC or a switch port, or on a link */
    public synchronized int inFlight() {
        return queuedFrames + framesOnWire;
    }

    @Override
    public synchronized void close() {
        events.clear();
    }
}
