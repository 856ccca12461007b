package fabric.sdn.internal.underlay;

import fabric.api.core.FabricException;
import fabric.api.teaming.EgressPort;
import fabric.api.teaming.EgressResult;
import fabric.api.teaming.UplinkWire;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The underlay as the hosts see it, with each node's team in between when there is one: a host
 * whose node's team is {@link #route routed} hands its outer frames to the team's
 * {@link EgressPort} (classified into a traffic class by the host's priority, steered to a NIC,
 * queued, scheduled by ETS), and each NIC of the team puts them on the provider network through an
 * attachment of its own ({@link Underlay#attachNic}: its own link, its own sockets), so failing a
 * NIC's link really cuts that path. A host without a team sends straight to the underlay, as
 * before. Receiving is the underlay's. {@link #poll()} runs the teams' schedulers, then delivers
 * what arrived.
 *
 * <p>Carrier: before every send and every scheduler round a routed host reports to its team the
 * link state of each NIC's attachment that changed, so a NIC whose link went down carries nothing
 * of the next round: the team moves its flows and queued frames to the NICs that are up.
 *
 * <p>Back-pressure: a frame the team refuses with {@link EgressResult#PAUSED} (its class is lossless
 * and paused by PFC, or no NIC is up) is held by the host in a bounded {@link HoldQueue}, and so is
 * every later frame while it holds any (order is kept); held frames are retried, oldest first, before
 * each send and each scheduler round. Only when the hold is full is a frame refused (the sender's
 * send fails: back-pressure reaches the VM). A frame the team drops (a lossy class's queue full) is
 * counted by the team in that class, and here.
 *
 * <p>Priority flow control from the provider network: each frame a NIC transmits goes on the wire
 * with the host's 802.1p priority (or the PCP of the frame's own 802.1Q tag). When the switch pauses
 * a priority on a NIC's link (PFC, {@link UnderlayEndpoint#paused}), the NIC holds that priority's
 * frames, and the host tells its team, as the link partner's pause ({@link PauseSink}), before its
 * next send or scheduler round, so the team stops that class on that NIC, its queue fills and its
 * senders are paused and hold: back-pressure from the switch all the way to the VM. The resume is
 * reported the same way.
 */
public final class TeamUplinks implements Underlay {

    /** The 802.1p priority of encapsulated tenant frames by default: best effort. */
    public static final int TENANT_PRIORITY = 0;
    /** The most bytes a host holds while paused. */
    public static final int HOLD_BYTES = 4 << 20;
    /** The most frames a host holds while paused. */
    public static final int HOLD_FRAMES = 8192;

    private final Underlay underlay;
    private final Int2ObjectHashMap<Host> hosts = new Int2ObjectHashMap<>();
    private volatile Host[] routed = new Host[0];
    private final AtomicLong teamDropped = new AtomicLong();
    private final AtomicLong wireRefused = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong holdRefused = new AtomicLong();
    private final AtomicLong pausesReported = new AtomicLong();
    private final AtomicLong pausesRefused = new AtomicLong();

    /**
     * A host's attachment as the shell shows it.
     *
     * @param providerAddress the host's provider address
     * @param trafficClass the team class its frames take, or null when it sends straight
     * @param holding frames it holds now (paused)
     * @param held frames it ever held
     * @param holdRefused frames refused because its hold was full
     * @param teamDropped frames its team dropped at once
     * @param nics each NIC attachment and whether its link is up, in the team's order
     * @param paused each NIC attachment's priorities its link partner pauses now (PFC), in the team's order
     */
    public record HostStatus(int providerAddress, String trafficClass, int holding, long held, long holdRefused,
            long teamDropped, java.util.Map<String, Boolean> nics, java.util.Map<String, java.util.List<Integer>> paused) {
    }

    /** Where a host reports the pauses its NICs' link partners assert: its team's PFC input. */
    @FunctionalInterface
    public interface PauseSink {

        /**
         * @param nic one of the team's NICs
         * @param priority the paused (or resumed) 802.1p priority
         * @param paused true for a pause (XOFF), false for a resume (XON)
         */
        void pause(String nic, int priority, boolean paused);
    }

    /** @param underlay the provider network the teams' NICs send onto */
    public TeamUplinks(Underlay underlay) {
        this.underlay = underlay;
    }

    @Override
    public synchronized UnderlayEndpoint attach(int providerAddress, long hostMac, UnderlayReceiver receiver) {
        Host h = new Host(underlay.attach(providerAddress, hostMac, receiver), hostMac, receiver);
        hosts.put(providerAddress, h);
        return h;
    }

    @Override
    public UnderlayEndpoint attachNic(int providerAddress, long hostMac, String nic, UnderlayReceiver receiver) {
        return underlay.attachNic(providerAddress, hostMac, nic, receiver);
    }

    @Override
    public void link(int providerAddress, String nic, boolean up) {
        underlay.link(providerAddress, nic, up);
    }

    /**
     * Routes a host's frames through its node's team, or straight to the underlay again. Each of the
     * team's NICs gets its own attachment to the underlay (kept for later routes).
     *
     * @param providerAddress the host's provider address
     * @param port the team's port for the host, or {@code null} for none
     */
    public synchronized void route(int providerAddress, EgressPort port) {
        route(providerAddress, port, TENANT_PRIORITY, null);
    }

    /**
     * Routes a host's frames through its node's team, or straight to the underlay again, with the
     * 802.1p priority its frames carry on the wire and where the pauses of its NICs' link partners go.
     *
     * @param providerAddress the host's provider address
     * @param port the team's port for the host, or {@code null} for none
     * @param priority the 802.1p priority (0-7) of the host's untagged frames on the wire
     * @param pauses the team's PFC input, or {@code null} to report no pause
     */
    public synchronized void route(int providerAddress, EgressPort port, int priority, PauseSink pauses) {
        Host h = hosts.get(providerAddress);
        if (h == null) {
            throw new IllegalArgumentException("no host at " + Wire.ipToString(providerAddress));
        }
        if (priority < 0 || priority > 7) {
            throw new IllegalArgumentException("priority " + priority + " is not 0-7");
        }
        if (port != h.port) {
            // The team the host leaves keeps no pause it cannot see ended.
            h.releasePauses();
        }
        h.priority = priority;
        h.pauses = pauses;
        h.route(port);
        int n = 0;
        for (Host x : hosts.values()) {
            n += x.port != null ? 1 : 0;
        }
        Host[] list = new Host[n];
        int i = 0;
        for (Host x : hosts.values()) {
            if (x.port != null) {
                list[i++] = x;
            }
        }
        routed = list;
    }

    /**
     * @param providerAddress a host's provider address
     * @return where its team's NICs put its frames: each NIC's own attachment to the underlay
     */
    public synchronized UplinkWire wire(int providerAddress) {
        Host h = hosts.get(providerAddress);
        if (h == null) {
            throw new IllegalArgumentException("no host at " + Wire.ipToString(providerAddress));
        }
        return h::onWire;
    }

    /** @return frames a team dropped at once (a lossy class's queue full, the port closed) */
    public long teamRefused() {
        return teamDropped.get();
    }

    /** @return frames a team transmitted that the underlay refused (the NIC's link down, loss at once) */
    public long wireRefused() {
        return wireRefused.get();
    }

    /** @return frames hosts held because their team paused them */
    public long held() {
        return held.get();
    }

    /** @return the provider network under the hosts and their teams' NICs */
    public Underlay underlay() {
        return underlay;
    }

    /** @return pauses and resumes of NICs' link partners reported to the teams */
    public long pausesReported() {
        return pausesReported.get();
    }

    /** @return pauses and resumes a team did not take (its class for the priority is not lossless) */
    public long pausesRefused() {
        return pausesRefused.get();
    }

    /** @return frames refused because a paused host's hold was full */
    public long holdRefused() {
        return holdRefused.get();
    }

    /** @return every host's attachment, in provider address order */
    public synchronized java.util.List<HostStatus> status() {
        java.util.List<HostStatus> list = new java.util.ArrayList<>();
        for (Host h : hosts.values()) {
            list.add(h.status());
        }
        list.sort(java.util.Comparator.comparingLong(s -> s.providerAddress() & 0xFFFF_FFFFL));
        return list;
    }

    /**
     * Runs every routed team's egress scheduler, after each host has reported its NICs' carrier and
     * retried what it holds.
     *
     * @return frames the teams sent
     */
    public int flush() {
        int sent = 0;
        for (Host h : routed) {
            sent += h.flush();
        }
        return sent;
    }

    @Override
    public int poll() {
        return flush() + underlay.poll();
    }

    @Override
    public void close() {
        underlay.close();
    }

    /** One NIC of a host's team: its attachment and the carrier last reported to the team. */
    private static final class Nic {
        final String name;
        final UnderlayEndpoint endpoint;
        boolean reported = true;
        /** The priorities whose pause was last reported to the team, one bit each. */
        int reportedPauses;

        Nic(String name, UnderlayEndpoint endpoint) {
            this.name = name;
            this.endpoint = endpoint;
        }
    }

    /** A host's attachment: through its team when routed, else straight. Locks: the host, then the team. */
    private final class Host implements UnderlayEndpoint {
        final UnderlayEndpoint direct;
        final long mac;
        final UnderlayReceiver receiver;
        volatile EgressPort port;
        volatile int priority = TENANT_PRIORITY;
        volatile PauseSink pauses;
        /** The team's NICs last seen (compared by identity: a reconfiguration makes a new list). */
        private java.util.List<String> teamNics;
        /** The attachments of the team's NICs, read by the scheduler's thread without the host's lock. */
        private volatile Nic[] nics = new Nic[0];
        private final java.util.Map<String, UnderlayEndpoint> attached = new java.util.HashMap<>();
        private final HoldQueue hold = new HoldQueue(HOLD_BYTES, HOLD_FRAMES);
        private long heldHere;
        private long refusedHere;
        private long droppedHere;
        /** A view of the sender's buffer, made once per buffer: frames are handed on without a copy. */
        private ByteBuffer source;
        private ByteBuffer view;
        private final ByteBuffer staging = ByteBuffer.allocateDirect(Wire.MAX_FRAME);
        private final UnsafeBuffer stagingView = new UnsafeBuffer(staging);
        /** For the scheduler's thread (onWire), which does not take the host's lock. */
        private final UnsafeBuffer wireView = new UnsafeBuffer(0, 0);
        private final UnsafeBuffer drainView = new UnsafeBuffer(0, 0);

        Host(UnderlayEndpoint direct, long mac, UnderlayReceiver receiver) {
            this.direct = direct;
            this.mac = mac;
            this.receiver = receiver;
        }

        @Override
        public int providerAddress() {
            return direct.providerAddress();
        }

        synchronized void route(EgressPort p) {
            if (p == null) {
                // Back to sending straight: what the host held goes first.
                EgressPort old = port;
                if (old != null) {
                    while (!hold.isEmpty()) {
                        ByteBuffer b = hold.head();
                        drainView.wrap(b, b.position(), b.remaining());
                        if (!direct.send(drainView, 0, b.remaining())) {
                            wireRefused.incrementAndGet();
                        }
                        hold.remove();
                    }
                }
                port = null;
                teamNics = null;
                return;
            }
            if (p != port) {
                // A new team knows nothing of the links yet: report every one that is down, every pause.
                nics = new Nic[0];
                teamNics = null;
            }
            port = p;
            sense(p);
        }

        /** Attaches the team's NICs anew after a reconfiguration, and reports carrier changes. */
        private void sense(EgressPort p) {
            java.util.List<String> now = p.nics();
            if (now != teamNics) {
                Nic[] old = nics;
                Nic[] list = new Nic[now.size()];
                for (int i = 0; i < list.length; i++) {
                    String name = now.get(i);
                    UnderlayEndpoint e = attached.computeIfAbsent(name,
                            n -> underlay.attachNic(direct.providerAddress(), mac, n, receiver));
                    list[i] = new Nic(name, e);
                    for (Nic o : old) {
                        if (o.name.equals(name)) {
                            list[i].reported = o.reported;
                            list[i].reportedPauses = o.reportedPauses;
                        }
                    }
                }
                nics = list;
                teamNics = now;
            }
            for (Nic n : nics) {
                boolean up = n.endpoint.linkUp();
                if (up != n.reported) {
                    try {
                        p.carrier(n.name, up);
                        n.reported = up;
                    } catch (FabricException e) {
                        // The team was reconfigured without this NIC meanwhile: the next sense sees its new NICs.
                        return;
                    }
                }
            }
            PauseSink sink = pauses;
            if (sink == null) {
                return;
            }
            for (Nic n : nics) {
                int mask = 0;
                for (int q = 0; q < 8; q++) {
                    mask |= n.endpoint.paused(q) ? 1 << q : 0;
                }
                int changed = mask ^ n.reportedPauses;
                for (int q = 0; changed != 0 && q < 8; q++) {
                    int bit = 1 << q;
                    if ((changed & bit) == 0) {
                        continue;
                    }
                    try {
                        sink.pause(n.name, q, (mask & bit) != 0);
                        pausesReported.incrementAndGet();
                    } catch (FabricException e) {
                        // The team does not run PFC on that priority (not a lossless class), or the NIC
                        // left the team: the NIC's own queue still holds the priority while paused.
                        pausesRefused.incrementAndGet();
                    }
                    changed &= ~bit;
                }
                n.reportedPauses = mask;
            }
        }

        /** Resumes, on the team the host reported to, every pause it reported; the next team hears them anew. */
        synchronized void releasePauses() {
            PauseSink sink = pauses;
            for (Nic n : nics) {
                for (int q = 0; sink != null && q < 8; q++) {
                    if ((n.reportedPauses & (1 << q)) != 0) {
                        try {
                            sink.pause(n.name, q, false);
                        } catch (FabricException e) {
                            pausesRefused.incrementAndGet();
                        }
                    }
                }
                n.reportedPauses = 0;
            }
        }

        /** Retries held frames, oldest first, until the team pauses again. */
        private void release(EgressPort p) {
            while (!hold.isEmpty()) {
                EgressResult r = p.send(hold.head());
                if (r == EgressResult.PAUSED) {
                    return;
                }
                if (r == EgressResult.DROPPED) {
                    droppedHere++;
                    teamDropped.incrementAndGet();
                }
                hold.remove();
            }
        }

        synchronized int flush() {
            EgressPort p = port;
            if (p == null) {
                return 0;
            }
            sense(p);
            release(p);
            return p.flush();
        }

        @Override
        public synchronized boolean send(DirectBuffer frame, int offset, int length) {
            EgressPort p = port;
            if (p == null) {
                return direct.send(frame, offset, length);
            }
            sense(p);
            if (!hold.isEmpty()) {
                release(p);
                if (!hold.isEmpty()) {
                    // Still paused: this frame waits behind the held ones.
                    return hold(frame, offset, length);
                }
            }
            ByteBuffer bytes = frame.byteBuffer();
            ByteBuffer out;
            if (bytes != null) {
                if (bytes != source) {
                    source = bytes;
                    view = bytes.duplicate();
                }
                int at = (int) frame.wrapAdjustment() + offset;
                view.clear();
                view.position(at).limit(at + length);
                out = view;
            } else if (length <= staging.capacity()) {
                stagingView.putBytes(0, frame, offset, length);
                staging.clear().limit(length);
                out = staging;
            } else {
                droppedHere++;
                teamDropped.incrementAndGet();
                return false;
            }
            EgressResult r = p.send(out);
            if (r == EgressResult.PAUSED) {
                return hold(frame, offset, length);
            }
            if (r != EgressResult.QUEUED) {
                droppedHere++;
                teamDropped.incrementAndGet();
                return false;
            }
            return true;
        }

        private boolean hold(DirectBuffer frame, int offset, int length) {
            if (hold.offer(frame, offset, length)) {
                heldHere++;
                held.incrementAndGet();
                return true;
            }
            refusedHere++;
            holdRefused.incrementAndGet();
            return false;
        }

        /** A NIC of the team transmits one of this host's frames: onto that NIC's own attachment. */
        void onWire(String nic, String trafficClass, ByteBuffer frame) {
            UnderlayEndpoint out = direct;
            for (Nic n : nics) {
                if (n.name.equals(nic)) {
                    out = n.endpoint;
                    break;
                }
            }
            int len = frame.remaining();
            wireView.wrap(frame, frame.position(), len);
            // The frame's own 802.1Q priority, else the host's.
            int pcp = len >= 18 && (wireView.getShort(12, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF) == 0x8100
                    ? (wireView.getByte(14) & 0xFF) >>> 5 : priority;
            if (!out.send(wireView, 0, len, pcp)) {
                wireRefused.incrementAndGet();
            }
        }

        synchronized HostStatus status() {
            EgressPort p = port;
            java.util.Map<String, Boolean> links = new java.util.LinkedHashMap<>();
            java.util.Map<String, java.util.List<Integer>> paused = new java.util.LinkedHashMap<>();
            for (Nic n : nics) {
                links.put(n.name, n.endpoint.linkUp());
                java.util.List<Integer> list = new java.util.ArrayList<>();
                for (int q = 0; q < 8; q++) {
                    if (n.endpoint.paused(q)) {
                        list.add(q);
                    }
                }
                paused.put(n.name, java.util.List.copyOf(list));
            }
            return new HostStatus(direct.providerAddress(), p == null ? null : p.trafficClass(), hold.size(),
                    heldHere, refusedHere, droppedHere, p == null ? java.util.Map.of() : links,
                    p == null ? java.util.Map.of() : paused);
        }
    }
}
