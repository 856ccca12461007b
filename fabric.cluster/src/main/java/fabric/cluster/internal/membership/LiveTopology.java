package fabric.cluster.internal.membership;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import fabric.api.topology.Membership;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumChanged;
import fabric.api.topology.QuorumState;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.Topology;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The live state of a declared region: which nodes are up, down, isolated or in maintenance, which
 * witnesses are reachable, and the quorum of each scale unit that follows from them.
 *
 * <p>At construction the state is rebuilt from the journal (the last {@link NodeStateChanged} of
 * each declared node, the last {@link WitnessAvailabilityChanged} of each witness); nodes without
 * history are up. Every accepted change is journaled first ({@link NodeStateChanged} or
 * {@link WitnessAvailabilityChanged}, then {@link QuorumChanged} when the verdict changed), then
 * takes effect, then is announced to the listeners.
 *
 * <p>Thread-safe: changes are serialized, so listeners hear them one at a time and in order; reads
 * never wait and see a consistent snapshot.
 */
public final class LiveTopology implements Topology, Membership {

    private static final Set<NodeState> DOWN_OR_ISOLATED = EnumSet.of(NodeState.DOWN, NodeState.ISOLATED);
    private static final Set<NodeState> VOTING = EnumSet.of(NodeState.UP, NodeState.MAINTENANCE);

    private final RegionIndex index;
    private final Journal journal;
    private final Clock clock;
    private final MembershipListeners listeners = new MembershipListeners();
    private final Object changeLock = new Object();
    private volatile MembershipSnapshot snapshot;

    /**
     * Builds the live state of a region and restores it from the journal.
     *
     * @param region the declared region
     * @param journal where changes are recorded, and read back from now
     * @param clock the time of changes
     * @throws FabricException {@code INTERNAL} when a membership event in the journal cannot be read
     */
    public LiveTopology(RegionSpec region, Journal journal, Clock clock) {
        this.index = new RegionIndex(region);
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshot = JournalReplay.replay(journal, index, MembershipSnapshot.allUp(region, formed(journal, clock)));
    }

    /**
     * When the nodes that never changed state came up: the time of the journal's first record (the
     * fabric has run since then, whatever restarts came between), or now for a new journal.
     */
    private static Instant formed(Journal journal, Clock clock) {
        try (JournalTailer tailer = journal.tail(0)) {
            JournalRecord first = tailer.next();
            return first == null ? clock.instant() : first.time();
        }
    }

    /** @param listener told of every accepted node state change from now on */
    public void addListener(MembershipListener listener) {
        listeners.add(listener);
    }

    /** @param listener no longer told */
    public void removeListener(MembershipListener listener) {
        listeners.remove(listener);
    }

    @Override
    public RegionSpec region() {
        return index.region();
    }

    @Override
    public ScaleUnitSpec scaleUnit(ScaleUnitId id) {
        return index.scaleUnit(id);
    }

    @Override
    public NodeSpec node(NodeId id) {
        return index.node(id);
    }

    @Override
    public ScaleUnitId scaleUnitOf(NodeId id) {
        return index.scaleUnitOf(id);
    }

    @Override
    public NodeStatus status(NodeId id) {
        index.node(id);
        return snapshot.status(id);
    }

    @Override
    public List<NodeStatus> statuses(ScaleUnitId id) {
        MembershipSnapshot now = snapshot;
        return index.scaleUnit(id).nodes().stream().map(n -> now.status(n.id())).toList();
    }

    @Override
    public QuorumStatus quorum(ScaleUnitId id) {
        return snapshot.quorum(index.scaleUnit(id));
    }

    @Override
    public void requireQuorum(ScaleUnitId id) {
        QuorumStatus quorum = quorum(id);
        if (quorum.state() == QuorumState.OFFLINE) {
            throw new FabricException(ErrorCode.QUORUM_LOST, "scale unit " + id + " is OFFLINE: "
                    + quorum.presentVotes() + " of " + quorum.totalVotes() + " votes present, "
                    + quorum.requiredVotes() + " needed; operator changes are refused until quorum returns");
        }
    }

    @Override
    public NodeStatus fail(NodeId node, String reason) {
        return change(node, NodeState.DOWN, reason, false, EnumSet.complementOf(EnumSet.of(NodeState.DOWN)),
                "");
    }

    @Override
    public NodeStatus recover(NodeId node) {
        return change(node, NodeState.UP, "", false, DOWN_OR_ISOLATED,
                "; only a DOWN or ISOLATED node recovers (a node in MAINTENANCE exits maintenance)");
    }

    @Override
    public NodeStatus isolate(NodeId node, String reason) {
        return change(node, NodeState.ISOLATED, reason, false, VOTING,
                "; only an UP or MAINTENANCE node can be isolated");
    }

    @Override
    public NodeStatus enterMaintenance(NodeId node, String reason) {
        return change(node, NodeState.MAINTENANCE, reason, true, EnumSet.of(NodeState.UP),
                "; only an UP node enters maintenance");
    }

    @Override
    public NodeStatus exitMaintenance(NodeId node) {
        return change(node, NodeState.UP, "", true, EnumSet.of(NodeState.MAINTENANCE),
                "; only a node in MAINTENANCE exits maintenance");
    }

    @Override
    public QuorumStatus setWitnessAvailable(ScaleUnitId scaleUnit, boolean available) {
        ScaleUnitSpec unit = index.scaleUnit(scaleUnit);
        if (unit.witness().isEmpty()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "scale unit " + scaleUnit + " has no witness");
        }
        synchronized (changeLock) {
            MembershipSnapshot before = snapshot;
            if (before.witnessAvailable(unit) == available) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "the witness of scale unit " + scaleUnit
                        + " is already " + (available ? "available" : "unavailable"));
            }
            journal.append(WitnessAvailabilityChanged.TYPE,
                    new WitnessAvailabilityChanged(scaleUnit.value(), available));
            MembershipSnapshot after = before.withWitness(scaleUnit, available);
            snapshot = after;
            return journalVerdict(unit, before, after);
        }
    }

    /**
     * Moves a node to a new state when its current state allows it.
     *
     * @param from the states the change is allowed from
     * @param rule the rule in words, appended to the refusal
     */
    private NodeStatus change(NodeId node, NodeState to, String reason, boolean needsQuorum, Set<NodeState> from,
            String rule) {
        ScaleUnitSpec unit = index.scaleUnit(index.scaleUnitOf(node));
        String why = reason == null ? "" : reason.strip();
        synchronized (changeLock) {
            if (needsQuorum) {
                requireQuorum(unit.id());
            }
            MembershipSnapshot before = snapshot;
            NodeState current = before.status(node).state();
            if (current == to) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, node + " is already " + phrase(to));
            }
            if (!from.contains(current)) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, node + " is " + phrase(current) + rule);
            }
            NodeStateChanged event = new NodeStateChanged(unit.id().value(), node.value(), current, to, why);
            journal.append(NodeStateChanged.TYPE, event);
            NodeStatus status = MembershipSnapshot.status(node, to, clock.instant(), why);
            MembershipSnapshot after = before.with(status);
            snapshot = after;
            QuorumStatus quorum = journalVerdict(unit, before, after);
            listeners.nodeStateChanged(event, quorum);
            return status;
        }
    }

    private static String phrase(NodeState state) {
        return state == NodeState.MAINTENANCE ? "in MAINTENANCE" : state.name();
    }

    /** Journals a change of the scale unit's quorum verdict, if there is one; returns the quorum after. */
    private QuorumStatus journalVerdict(ScaleUnitSpec unit, MembershipSnapshot before, MembershipSnapshot after) {
        QuorumStatus was = before.quorum(unit);
        QuorumStatus is = after.quorum(unit);
        if (was.state() != is.state()) {
            // The change itself is journaled and in effect: should this append fail, the verdict is
            // recomputed from node states at the next start anyway.
            journal.append(QuorumChanged.TYPE, new QuorumChanged(unit.id().value(), was.state(), is.state(),
                    is.presentVotes(), is.totalVotes()));
        }
        return is;
    }
}
