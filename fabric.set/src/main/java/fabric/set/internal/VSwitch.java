package fabric.set.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.TrafficClass;
import fabric.api.teaming.UplinkStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;

/**
 * One node's virtual switch with its Switch Embedded Team: vPorts send frames, which are classified
 * by 802.1p priority into DCB traffic classes and steered to an uplink (Hyper-V port: the vPort's
 * pinned NIC; dynamic: the flow's current flowlet NIC; a host vNIC may have NIC affinity), queued,
 * and sent by each uplink's ETS scheduler as the switch's clock advances ({@link #tick()}).
 *
 * <p>When a NIC goes down (it fails, or the link under it loses carrier), its vPorts are re-pinned
 * and its flowlets forgotten, and the frames in its queues move to the surviving NICs' queues of the
 * same class at once, so the next scheduler round sends them; a lossless class loses nothing (its
 * queues keep headroom for exactly this, and grow past it rather than drop). With no NIC up the
 * frames wait in their queues, lossless senders are paused and lossy frames dropped. When a NIC
 * returns, Hyper-V port pins are rebalanced onto it.
 *
 * <p>A reconfiguration builds a new switch that {@link #takeOver takes over} the old one's queued
 * frames, counters and NIC states, so nothing of a lossless class is lost; the old switch is then
 * retired (a send that still reaches it returns {@link #RETIRED}, and the sender retries on the new
 * one).
 *
 * <p>Not thread-safe: callers hold the switch's lock ({@code synchronized (vswitch)}).
 */
public final class VSwitch {

    /** A frame was queued. */
    public static final int QUEUED = 0;
    /** A frame was dropped: its (lossy) class's queue is full, or no NIC is up. */
    public static final int DROPPED = 1;
    /** A lossless class is paused (PFC): the sender must hold the frame and retry after a tick. */
    public static final int PAUSED = 2;
    /** The switch was replaced by a reconfiguration: send to the new one. */
    public static final int RETIRED = 3;

    /** A gap longer than this starts a new flowlet, which may take another NIC. */
    static final long FLOWLET_GAP_NANOS = 500_000;

    private final TeamSpec spec;
    private final Uplink[] uplinks;
    private final int[] classOfPriority = new int[8];
    private final LongSupplier clock;
    private final EgressSink sink;
    private final Map<String, VPortState> vports = new LinkedHashMap<>();
    private final List<VPortState> byId = new ArrayList<>();
    private final Flowlets flowlets = new Flowlets();
    private long lastTick;
    private boolean retired;

    /** A vPort's place on the switch. */
    private static final class VPortState {
        final String name;
        final int id;
        final int priority;
        final int affinity;
        int uplink;

        VPortState(String name, int id, int priority, int affinity) {
            this.name = name;
            this.id = id;
            this.priority = priority;
            this.affinity = affinity;
        }
    }

    /**
     * @param spec the team
     * @param speedGbps the NICs' speed (identical NICs)
     * @param queueFrames frames per class queue (a lossless class gets twice as many: headroom)
     * @param clock the switch's clock, nanoseconds (simulated time in tests)
     * @param sink where transmitted frames go
     */
    public VSwitch(TeamSpec spec, int speedGbps, int queueFrames, LongSupplier clock, EgressSink sink) {
        this.spec = spec;
        this.clock = clock;
        this.sink = sink;
        this.uplinks = new Uplink[spec.nics().size()];
        for (int i = 0; i < uplinks.length; i++) {
            uplinks[i] = new Uplink(spec.nics().get(i), speedGbps, spec.classes(), queueFrames, 9216 + 18);
        }
        for (int c = 0; c < spec.classes().size(); c++) {
            for (int p : spec.classes().get(c).priorities()) {
                classOfPriority[p] = c + 1;
            }
        }
        for (int p = 0; p < 8; p++) {
            classOfPriority[p] = Math.max(0, classOfPriority[p] - 1);
        }
        this.lastTick = clock.getAsLong();
    }

    /** @return the team */
    public TeamSpec spec() {
        return spec;
    }

    /**
     * Adds a vPort.
     *
     * @param name the port's name
     * @param priority the 802.1p priority of its untagged frames
     * @param nicAffinity the NIC it prefers (a storage host vNIC), or {@code null}
     * @return the port's id, for {@link #send}
     */
    public int addVPort(String name, int priority, String nicAffinity) {
        if (vports.containsKey(name)) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, "vPort '" + name + "' already exists on this switch");
        }
        if (priority < 0 || priority > 7) {
            throw FabricException.invalid("priority", priority + " is not 0-7");
        }
        int affinity = nicAffinity == null ? -1 : nicIndex(nicAffinity);
        VPortState v = new VPortState(name, byId.size(), priority, affinity);
        v.uplink = pin(v);
        if (v.uplink >= 0) {
            uplinks[v.uplink].pinned++;
        }
        vports.put(name, v);
        byId.add(v);
        return v.id;
    }

    /**
     * Removes a vPort: it is unpinned and no longer listed; frames it queued are still sent (its id
     * stays valid for them).
     *
     * @param vport the port's id
     */
    public void removeVPort(int vport) {
        VPortState v = byId.get(vport);
        if (vports.remove(v.name, v) && v.uplink >= 0) {
            uplinks[v.uplink].pinned--;
        }
    }

    /**
     * @param vport a port's id
     * @return the name of the traffic class its untagged frames go to
     */
    public String trafficClassOf(int vport) {
        return className(classOfPriority[byId.get(vport).priority]);
    }

    /**
     * @param trafficClass a class's index
     * @return its name
     */
    public String className(int trafficClass) {
        return spec.classes().get(trafficClass).name();
    }

    private int pin(VPortState v) {
        if (v.affinity >= 0 && uplinks[v.affinity].up) {
            return v.affinity;
        }
        int best = -1;
        for (int i = 0; i < uplinks.length; i++) {
            if (uplinks[i].up && (best < 0 || uplinks[i].pinned < uplinks[best].pinned)) {
                best = i;
            }
        }
        return best;
    }

    private int nicIndex(String nic) {
        for (int i = 0; i < uplinks.length; i++) {
            if (uplinks[i].nic.equals(nic)) {
                return i;
            }
        }
        throw FabricException.notFound("NIC in the team", nic);
    }

    /**
     * Sends a frame from a vPort: classify, steer, queue.
     *
     * @param vport the port's id
     * @param frame the frame's buffer
     * @param offset its first byte
     * @param length its bytes
     * @return {@link #QUEUED}, {@link #DROPPED} or {@link #PAUSED}
     */
    public int send(int vport, DirectBuffer frame, int offset, int length) {
        if (retired) {
            return RETIRED;
        }
        VPortState v = byId.get(vport);
        int c = classOfPriority[FrameFields.priority(frame, offset, length, v.priority)];
        int flow = FrameFields.flowHash(frame, offset, length);
        int u = steer(v, flow);
        if (u < 0) {
            // No NIC is up: a lossless sender holds its frame until one is; a lossy frame is lost.
            if (uplinks[0].lossless[c]) {
                uplinks[0].pauses[c]++;
                return PAUSED;
            }
            uplinks[0].drops[c]++;
            return DROPPED;
        }
        Uplink up = uplinks[u];
        if (up.paused(c)) {
            up.pauses[c]++;
            return PAUSED;
        }
        if (!up.queues[c].offer(frame, offset, length, vport, flow)) {
            up.drops[c]++;
            return DROPPED;
        }
        return QUEUED;
    }

    private int steer(VPortState v, int flow) {
        if (v.affinity >= 0 && uplinks[v.affinity].up) {
            return v.affinity;
        }
        if (spec.distribution() == LoadDistribution.HYPER_V_PORT || v.affinity >= 0) {
            return v.uplink;
        }
        long now = clock.getAsLong();
        int u = flowlets.uplink(flow, now, FLOWLET_GAP_NANOS);
        if (u < 0 || !uplinks[u].up) {
            u = leastLoaded();
            flowlets.start(flow, u);
        }
        flowlets.seen(flow, now);
        return u;
    }

    private int leastLoaded() {
        int best = -1;
        long bestBytes = Long.MAX_VALUE;
        for (int i = 0; i < uplinks.length; i++) {
            if (uplinks[i].up && uplinks[i].queuedBytes() < bestBytes) {
                best = i;
                bestBytes = uplinks[i].queuedBytes();
            }
        }
        return best;
    }

    /**
     * Advances the switch to its clock's now: every NIC that is up sends what its rate allows.
     *
     * @return frames sent
     */
    public int tick() {
        long now = clock.getAsLong();
        long dt = now - lastTick;
        lastTick = now;
        int sent = 0;
        for (Uplink u : uplinks) {
            sent += u.transmit(dt, sink);
        }
        return sent;
    }

    /**
     * A NIC fails (fault injection): it goes down unless it is already down for lack of carrier.
     *
     * @param nic the NIC
     * @return frames lost (lossy classes whose survivor queues were full)
     */
    public int failNic(String nic) {
        int i = nicIndex(nic);
        if (uplinks[i].failed) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "NIC " + nic + " is already failed");
        }
        if (uplinks[i].up && upCount() == 1) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "NIC " + nic + " is the team's last NIC up");
        }
        uplinks[i].failed = true;
        return refresh(i);
    }

    /**
     * A failed NIC returns; it is up again if its link has carrier.
     *
     * @param nic the NIC
     */
    public void restoreNic(String nic) {
        int i = nicIndex(nic);
        if (!uplinks[i].failed) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "NIC " + nic + " is up (not failed)");
        }
        uplinks[i].failed = false;
        refresh(i);
    }

    /**
     * The link under a NIC lost or regained carrier. Losing it takes the NIC down (even the last one
     * up: the link is gone either way); regaining it brings the NIC back unless it is failed.
     *
     * @param nic the NIC
     * @param carrier the link's state
     * @return frames lost (lossy classes whose survivor queues were full)
     */
    public int carrier(String nic, boolean carrier) {
        int i = nicIndex(nic);
        uplinks[i].carrier = carrier;
        return refresh(i);
    }

    /**
     * Priority flow control from a NIC's link partner.
     *
     * @param nic the NIC
     * @param priority an 802.1p priority of a lossless class
     * @param paused asserted or released
     */
    public void pfc(String nic, int priority, boolean paused) {
        int i = nicIndex(nic);
        if (priority < 0 || priority > 7) {
            throw FabricException.invalid("priority", priority + " is not 0-7");
        }
        int c = classOfPriority[priority];
        if (!uplinks[i].lossless[c]) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "priority " + priority + " is in class "
                    + className(c) + ", which is not lossless: PFC is enabled only on lossless classes");
        }
        if (paused && !uplinks[i].peerPaused[c]) {
            uplinks[i].peerPauses[c]++;
        }
        uplinks[i].peerPaused[c] = paused;
    }

    private int upCount() {
        int n = 0;
        for (Uplink u : uplinks) {
            n += u.up ? 1 : 0;
        }
        return n;
    }

    /** Brings a NIC's state in line with its failure and carrier flags. */
    private int refresh(int i) {
        boolean up = !uplinks[i].failed && uplinks[i].carrier;
        if (up == uplinks[i].up) {
            return 0;
        }
        uplinks[i].up = up;
        if (!up) {
            return down(i);
        }
        return up(i);
    }

    /** A NIC went down: its vPorts are re-pinned, its flowlets forgotten, its frames moved. */
    private int down(int i) {
        Uplink failed = uplinks[i];
        failed.pinned = 0;
        // Removed vPorts move too: frames they queued are still re-steered by their pin.
        for (VPortState v : byId) {
            if (v.uplink == i) {
                v.uplink = pin(v);
                if (v.uplink >= 0 && vports.get(v.name) == v) {
                    uplinks[v.uplink].pinned++;
                }
            }
        }
        return evacuate(i);
    }

    /** Moves a down NIC's queued frames to the NICs that are up (none: they wait). */
    private int evacuate(int i) {
        if (upCount() == 0) {
            return 0;
        }
        int lost = 0;
        Uplink from = uplinks[i];
        for (int c = 0; c < from.queues.length; c++) {
            FrameQueue q = from.queues[c];
            while (q.size() > 0) {
                VPortState v = byId.get(q.headVport());
                int target = steer(v, q.headFlow());
                lost += admit(target, c, q.buffer(), q.headOffset(), q.headLength(), v.id, q.headFlow()) ? 0 : 1;
                q.remove();
            }
        }
        return lost;
    }

    /** Queues a frame that was already accepted: a lossless queue grows rather than lose it. */
    private boolean admit(int u, int c, DirectBuffer frame, int offset, int length, int vport, int flow) {
        FrameQueue q = uplinks[u].queues[c];
        if (q.offer(frame, offset, length, vport, flow)) {
            return true;
        }
        if (uplinks[u].lossless[c] && length <= q.slotSize()) {
            q.grow();
            return q.offer(frame, offset, length, vport, flow);
        }
        uplinks[u].drops[c]++;
        return false;
    }

    /**
     * A NIC came up: vPorts without a NIC and those with affinity to it return, Hyper-V port pins
     * are rebalanced (vPorts move from the most loaded NICs until the counts differ by at most one),
     * and frames left on NICs that are down move to it.
     */
    private int up(int i) {
        for (VPortState v : byId) {
            boolean listed = vports.get(v.name) == v;
            if (v.uplink < 0 || (v.affinity == i && listed)) {
                if (v.uplink >= 0) {
                    uplinks[v.uplink].pinned--;
                }
                v.uplink = i;
                if (listed) {
                    uplinks[i].pinned++;
                }
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            int most = i;
            for (int k = 0; k < uplinks.length; k++) {
                if (uplinks[k].up && uplinks[k].pinned > uplinks[most].pinned) {
                    most = k;
                }
            }
            if (uplinks[most].pinned - uplinks[i].pinned > 1) {
                for (VPortState v : vports.values()) {
                    if (v.uplink == most && v.affinity < 0) {
                        v.uplink = i;
                        uplinks[most].pinned--;
                        uplinks[i].pinned++;
                        moved = true;
                        break;
                    }
                }
            }
        }
        int lost = 0;
        for (int k = 0; k < uplinks.length; k++) {
            if (!uplinks[k].up) {
                lost += evacuate(k);
            }
        }
        return lost;
    }

    /**
     * Takes over a switch this one replaces (a reconfiguration): the NIC states, PFC pauses and
     * counters of NICs and classes that keep their names, then every frame queued on the old
     * switch, in queue order, re-classified and re-steered here (a lossless class's queue grows
     * rather than lose one; a lossy frame that finds its queue full is dropped and counted). The
     * old switch's vPorts that this one lacks (removed ones whose frames are still queued) are added
     * here as removed vPorts. Call it after adding this switch's vPorts; the old switch is retired.
     *
     * @param old the switch being replaced (its lock held)
     * @return for each vPort id of the old switch, its id here
     */
    public int[] takeOver(VSwitch old) {
        for (Uplink u : uplinks) {
            for (Uplink o : old.uplinks) {
                if (o.nic.equals(u.nic)) {
                    u.failed = o.failed;
                    u.carrier = o.carrier;
                    inheritCounters(u, o);
                }
            }
        }
        for (int i = 0; i < uplinks.length; i++) {
            refresh(i);
        }
        int[] ids = new int[old.byId.size()];
        for (VPortState o : old.byId) {
            // A listed vPort keeps its name here; a removed one (a closed sender whose frames are still
            // queued, whose name may be taken again) becomes a removed vPort of its own.
            VPortState v = old.vports.get(o.name) == o ? vports.get(o.name) : null;
            if (v == null) {
                v = new VPortState(o.name, byId.size(), o.priority, -1);
                v.uplink = pin(v);
                byId.add(v);
            }
            ids[o.id] = v.id;
        }
        for (Uplink from : old.uplinks) {
            for (int oc = 0; oc < from.queues.length; oc++) {
                FrameQueue q = from.queues[oc];
                while (q.size() > 0) {
                    VPortState v = byId.get(ids[q.headVport()]);
                    DirectBuffer b = q.buffer();
                    int c = classOfPriority[FrameFields.priority(b, q.headOffset(), q.headLength(), v.priority)];
                    int u = steer(v, q.headFlow());
                    // No NIC up here: the frame waits on the first NIC until one comes up.
                    admit(u < 0 ? 0 : u, c, b, q.headOffset(), q.headLength(), v.id, q.headFlow());
                    q.remove();
                }
            }
        }
        old.retired = true;
        return ids;
    }

    private static void inheritCounters(Uplink to, Uplink from) {
        for (int c = 0; c < to.classNames.length; c++) {
            for (int k = 0; k < from.classNames.length; k++) {
                if (from.classNames[k].equals(to.classNames[c])) {
                    to.txFrames[c] = from.txFrames[k];
                    to.txBytes[c] = from.txBytes[k];
                    to.drops[c] = from.drops[k];
                    to.pauses[c] = from.pauses[k];
                    to.peerPaused[c] = from.peerPaused[k] && to.lossless[c];
                    to.peerPauses[c] = from.peerPauses[k];
                }
            }
        }
    }

    /**
     * @param name a vPort
     * @return the NIC it is pinned to
     */
    public String pinnedNic(String name) {
        VPortState v = vports.get(name);
        if (v == null) {
            throw FabricException.notFound("vPort", name);
        }
        return v.uplink < 0 ? null : uplinks[v.uplink].nic;
    }

    /** @return the team's state and counters */
    public TeamStatus status() {
        List<UplinkStatus> list = new ArrayList<>();
        for (int i = 0; i < uplinks.length; i++) {
            List<String> pinned = new ArrayList<>();
            for (VPortState v : vports.values()) {
                if (v.uplink == i && spec.distribution() == LoadDistribution.HYPER_V_PORT) {
                    pinned.add(v.name);
                }
            }
            list.add(new UplinkStatus(uplinks[i].nic, uplinks[i].up, uplinks[i].speedGbps, pinned, uplinks[i].counters()));
        }
        return new TeamStatus(spec, list);
    }

    /** @return the classes, in the order counters list them */
    public List<TrafficClass> classes() {
        return spec.classes();
    }
}
