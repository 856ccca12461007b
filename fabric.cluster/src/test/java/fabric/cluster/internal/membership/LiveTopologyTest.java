package fabric.cluster.internal.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeHealth;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumChanged;
import fabric.api.topology.QuorumState;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.RegionSpec;
import fabric.journal.testing.MemoryJournal;
import fabric.cluster.testing.Regions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Membership rules, quorum arithmetic, journaling, replay and listeners. */
class LiveTopologyTest {

    private static final ScaleUnitId SU = ScaleUnitId.of("su-1");
    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);

    private final MemoryJournal journal = new MemoryJournal(CLOCK);

    private LiveTopology topology(int nodes, boolean witness) {
        return new LiveTopology(Regions.oneScaleUnit(nodes, witness), journal, CLOCK);
    }

    private static NodeId node(int i) {
        return NodeId.of("node-" + i);
    }

    // ---- quorum arithmetic

    @Test
    void fourNodesWithoutWitnessTolerateOneLoss() {
        LiveTopology t = topology(4, false);
        assertQuorum(t.quorum(SU), QuorumState.HEALTHY, 4, 4, 3);
        t.fail(node(2), "power");
        assertQuorum(t.quorum(SU), QuorumState.AT_RISK, 3, 4, 3);
        t.fail(node(3), "power");
        assertQuorum(t.quorum(SU), QuorumState.OFFLINE, 2, 4, 3);
        assertFalse(t.quorum(SU).hasWitness());
    }

    @Test
    void aWitnessKeepsFourNodesQuorateAfterTwoLosses() {
        LiveTopology t = topology(4, true);
        assertQuorum(t.quorum(SU), QuorumState.HEALTHY, 5, 5, 3);
        assertTrue(t.quorum(SU).hasWitness() && t.quorum(SU).witnessAvailable());
        t.fail(node(1), "power");
        t.fail(node(2), "power");
        assertQuorum(t.quorum(SU), QuorumState.AT_RISK, 3, 5, 3);
        QuorumStatus after = t.setWitnessAvailable(SU, false);
        assertQuorum(after, QuorumState.OFFLINE, 2, 5, 3);
        assertFalse(after.witnessAvailable());
    }

    @Test
    void losingOnlyTheWitnessLeavesFourNodesHealthy() {
        LiveTopology t = topology(4, true);
        assertQuorum(t.setWitnessAvailable(SU, false), QuorumState.HEALTHY, 4, 5, 3);
        assertQuorum(t.setWitnessAvailable(SU, true), QuorumState.HEALTHY, 5, 5, 3);
    }

    @Test
    void fiveNodesTolerateTwoLosses() {
        LiveTopology t = topology(5, false);
        assertQuorum(t.quorum(SU), QuorumState.HEALTHY, 5, 5, 3);
        t.fail(node(1), "x");
        assertQuorum(t.quorum(SU), QuorumState.HEALTHY, 4, 5, 3);
        t.fail(node(2), "x");
        assertQuorum(t.quorum(SU), QuorumState.AT_RISK, 3, 5, 3);
        t.fail(node(3), "x");
        assertQuorum(t.quorum(SU), QuorumState.OFFLINE, 2, 5, 3);
    }

    @Test
    void sixteenNodesWithAWitness() {
        LiveTopology t = topology(16, true);
        assertQuorum(t.quorum(SU), QuorumState.HEALTHY, 17, 17, 9);
        for (int i = 1; i <= 8; i++) {
            t.fail(node(i), "x");
        }
        assertQuorum(t.quorum(SU), QuorumState.AT_RISK, 9, 17, 9);
    }

    @Test
    void maintenanceKeepsItsVoteAndIsolationLosesIt() {
        LiveTopology t = topology(4, false);
        t.enterMaintenance(node(1), "firmware");
        assertQuorum(t.quorum(SU), QuorumState.HEALTHY, 4, 4, 3);
        t.isolate(node(2), "cluster network down");
        assertQuorum(t.quorum(SU), QuorumState.AT_RISK, 3, 4, 3);
    }

    @Test
    void healthFollowsTheState() {
        LiveTopology t = topology(4, false);
        assertEquals(NodeHealth.HEALTHY, t.status(node(1)).health());
        assertEquals(NodeHealth.WARNING, t.enterMaintenance(node(1), "m").health());
        assertEquals(NodeHealth.WARNING, t.isolate(node(2), "i").health());
        assertEquals(NodeHealth.UNHEALTHY, t.fail(node(3), "f").health());
        assertEquals(NodeHealth.HEALTHY, t.recover(node(3)).health());
    }

    // ---- membership rules

    @Test
    void maintenanceIsRefusedWhileOfflineAndChangesNothing() {
        LiveTopology t = topology(4, false);
        t.fail(node(2), "x");
        t.fail(node(3), "x");
        long before = journal.lastIndex();
        FabricException e = assertThrows(FabricException.class, () -> t.enterMaintenance(node(1), "m"));
        assertEquals(ErrorCode.QUORUM_LOST, e.code());
        assertEquals("scale unit su-1 is OFFLINE: 2 of 4 votes present, 3 needed; operator changes are refused until"
                + " quorum returns", e.getMessage());
        assertEquals(NodeState.UP, t.status(node(1)).state());
        assertEquals(before, journal.lastIndex());
        assertEquals(ErrorCode.QUORUM_LOST, assertThrows(FabricException.class, () -> t.requireQuorum(SU)).code());
    }

    @Test
    void exitingMaintenanceNeedsQuorumToo() {
        LiveTopology t = topology(4, false);
        t.enterMaintenance(node(1), "m");
        t.fail(node(2), "x");
        t.fail(node(3), "x");
        assertEquals(QuorumState.OFFLINE, t.quorum(SU).state());
        FabricException e = assertThrows(FabricException.class, () -> t.exitMaintenance(node(1)));
        assertEquals(ErrorCode.QUORUM_LOST, e.code());
        assertEquals(NodeState.MAINTENANCE, t.status(node(1)).state());
    }

    @Test
    void factsAreAcceptedWhileOfflineAndRecoveryRestoresQuorum() {
        LiveTopology t = topology(4, false);
        t.fail(node(2), "x");
        t.fail(node(3), "x");
        t.isolate(node(4), "still accepted while offline");
        assertEquals(NodeState.ISOLATED, t.status(node(4)).state());
        t.recover(node(4));
        t.recover(node(3));
        assertEquals(QuorumState.AT_RISK, t.quorum(SU).state());
        t.requireQuorum(SU);
        assertEquals(NodeState.MAINTENANCE, t.enterMaintenance(node(1), "now allowed").state());
    }

    @Test
    void aNodeAlreadyInTheStateIsAFailedPrecondition() {
        LiveTopology t = topology(4, false);
        t.fail(node(2), "x");
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-2 is already DOWN", () -> t.fail(node(2), "again"));
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-1 is already UP", () -> t.recover(node(1)));
        t.enterMaintenance(node(1), "m");
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-1 is already in MAINTENANCE",
                () -> t.enterMaintenance(node(1), "m"));
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-4 is already UP", () -> t.exitMaintenance(node(4)));
        t.isolate(node(3), "i");
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-3 is already ISOLATED", () -> t.isolate(node(3), "i"));
    }

    @Test
    void transitionsFromTheWrongStateAreRefused() {
        LiveTopology t = topology(4, false);
        t.enterMaintenance(node(1), "m");
        t.fail(node(2), "x");
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-1 is in MAINTENANCE; only a DOWN or ISOLATED node"
                + " recovers (a node in MAINTENANCE exits maintenance)", () -> t.recover(node(1)));
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-2 is DOWN; only an UP or MAINTENANCE node can be isolated",
                () -> t.isolate(node(2), "i"));
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-2 is DOWN; only an UP node enters maintenance",
                () -> t.enterMaintenance(node(2), "m"));
        assertRefused(ErrorCode.FAILED_PRECONDITION, "node-2 is DOWN; only a node in MAINTENANCE exits maintenance",
                () -> t.exitMaintenance(node(2)));
    }

    @Test
    void aNodeInMaintenanceCanFailAndBeIsolated() {
        LiveTopology t = topology(4, false);
        t.enterMaintenance(node(1), "m");
        assertEquals(NodeState.ISOLATED, t.isolate(node(1), "i").state());
        assertEquals(NodeState.DOWN, t.fail(node(1), "f").state());
    }

    @Test
    void unknownNamesAreNotFound() {
        LiveTopology t = topology(4, false);
        assertRefused(ErrorCode.NOT_FOUND, "no node named 'node-9'", () -> t.fail(node(9), "x"));
        assertRefused(ErrorCode.NOT_FOUND, "no node named 'node-9'", () -> t.status(node(9)));
        assertRefused(ErrorCode.NOT_FOUND, "no scale unit named 'su-9'", () -> t.quorum(ScaleUnitId.of("su-9")));
        assertRefused(ErrorCode.NOT_FOUND, "no scale unit named 'su-9'",
                () -> t.setWitnessAvailable(ScaleUnitId.of("su-9"), false));
    }

    @Test
    void witnessChangesNeedAWitnessAndAChange() {
        assertRefused(ErrorCode.FAILED_PRECONDITION, "scale unit su-1 has no witness",
                () -> topology(4, false).setWitnessAvailable(SU, false));
        LiveTopology t = topology(4, true);
        assertRefused(ErrorCode.FAILED_PRECONDITION, "the witness of scale unit su-1 is already available",
                () -> t.setWitnessAvailable(SU, true));
    }

    @Test
    void theTopologyIsAnsweredAsDeclared() {
        RegionSpec region = Regions.twoScaleUnits();
        LiveTopology t = new LiveTopology(region, journal, CLOCK);
        assertEquals(region, t.region());
        assertEquals(ScaleUnitId.of("su-2"), t.scaleUnitOf(NodeId.of("other-3")));
        assertEquals("other-3-bmc.demo.fabric", t.node(NodeId.of("other-3")).bmcAddress());
        assertEquals(List.of(NodeState.UP, NodeState.UP, NodeState.UP, NodeState.UP),
                t.statuses(ScaleUnitId.of("su-2")).stream().map(NodeStatus::state).toList());
        t.fail(NodeId.of("other-1"), "x");
        assertEquals(QuorumState.HEALTHY, t.quorum(SU).state(), "another scale unit's loss is not ours");
    }

    // ---- journal

    @Test
    void everyChangeIsJournaledAndVerdictChangesToo() {
        LiveTopology t = topology(4, false);
        t.fail(node(2), "lost power");
        t.enterMaintenance(node(1), "firmware");
        t.fail(node(3), "lost power");
        t.recover(node(3));
        assertEquals(List.of(
                new NodeStateChanged("su-1", "node-2", NodeState.UP, NodeState.DOWN, "lost power"),
                new NodeStateChanged("su-1", "node-1", NodeState.UP, NodeState.MAINTENANCE, "firmware"),
                new NodeStateChanged("su-1", "node-3", NodeState.UP, NodeState.DOWN, "lost power"),
                new NodeStateChanged("su-1", "node-3", NodeState.DOWN, NodeState.UP, "")),
                journal.events(NodeStateChanged.TYPE));
        assertEquals(List.of(
                new QuorumChanged("su-1", QuorumState.HEALTHY, QuorumState.AT_RISK, 3, 4),
                new QuorumChanged("su-1", QuorumState.AT_RISK, QuorumState.OFFLINE, 2, 4),
                new QuorumChanged("su-1", QuorumState.OFFLINE, QuorumState.AT_RISK, 3, 4)),
                journal.events(QuorumChanged.TYPE));
    }

    @Test
    void witnessChangesAreJournaled() {
        LiveTopology t = topology(4, true);
        t.fail(node(1), "x");
        t.fail(node(2), "x");
        t.setWitnessAvailable(SU, false);
        assertEquals(List.of(new WitnessAvailabilityChanged("su-1", false)),
                journal.events(WitnessAvailabilityChanged.TYPE));
        assertEquals(new QuorumChanged("su-1", QuorumState.AT_RISK, QuorumState.OFFLINE, 2, 5),
                journal.events(QuorumChanged.TYPE).get(1));
    }

    @Test
    void aChangeTheJournalRefusesDoesNotHappen() {
        LiveTopology t = topology(4, false);
        journal.setClosed(true);
        assertRefused(ErrorCode.UNAVAILABLE, "the journal is closed", () -> t.fail(node(1), "x"));
        assertEquals(NodeState.UP, t.status(node(1)).state());
    }

    @Test
    void replayRestoresEachNodesLastState() {
        Instant earlier = START.minusSeconds(3600);
        journal.add(NodeStateChanged.TYPE, new NodeStateChanged("su-1", "node-2", NodeState.UP, NodeState.DOWN,
                "power"), earlier);
        journal.add(NodeStateChanged.TYPE, new NodeStateChanged("su-1", "node-3", NodeState.UP,
                NodeState.MAINTENANCE, "firmware"), earlier);
        journal.add(NodeStateChanged.TYPE, new NodeStateChanged("su-1", "node-3", NodeState.MAINTENANCE,
                NodeState.ISOLATED, "network"), earlier.plusSeconds(60));
        journal.add(NodeStateChanged.TYPE, new NodeStateChanged("su-0", "gone-1", NodeState.UP, NodeState.DOWN,
                "a node the topology no longer declares"), earlier);
        journal.add(WitnessAvailabilityChanged.TYPE, new WitnessAvailabilityChanged("su-1", false), earlier);
        long last = journal.lastIndex();

        LiveTopology t = topology(4, true);
        assertEquals(new NodeStatus(node(2), NodeState.DOWN, NodeHealth.UNHEALTHY, earlier, "power"),
                t.status(node(2)));
        assertEquals(new NodeStatus(node(3), NodeState.ISOLATED, NodeHealth.WARNING, earlier.plusSeconds(60),
                "network"), t.status(node(3)));
        assertEquals(new NodeStatus(node(1), NodeState.UP, NodeHealth.HEALTHY, earlier, ""), t.status(node(1)),
                "a node that never changed is up since the journal's first record, not since this restart");
        assertQuorum(t.quorum(SU), QuorumState.OFFLINE, 2, 5, 3);
        assertEquals(last, journal.lastIndex(), "replay appends nothing");
    }

    @Test
    void aRestartSeesWhatTheLastRunDid() {
        LiveTopology first = topology(4, false);
        first.fail(node(4), "disk controller");
        first.enterMaintenance(node(1), "firmware");
        LiveTopology second = topology(4, false);
        assertEquals(NodeState.DOWN, second.status(node(4)).state());
        assertEquals(NodeState.MAINTENANCE, second.status(node(1)).state());
        assertEquals("disk controller", second.status(node(4)).reason());
    }

    @Test
    void aNewJournalMeansTheNodesCameUpNow() {
        assertEquals(START, topology(4, false).status(node(1)).since());
    }

    @Test
    void aWitnessEventOfAScaleUnitWithoutWitnessIsIgnored() {
        journal.add(WitnessAvailabilityChanged.TYPE, new WitnessAvailabilityChanged("su-1", false), START);
        assertQuorum(topology(4, false).quorum(SU), QuorumState.HEALTHY, 4, 4, 3);
    }

    // ---- listeners

    @Test
    void listenersHearEachChangeWithTheQuorumAfterIt() {
        LiveTopology t = topology(4, false);
        List<String> heard = new ArrayList<>();
        MembershipListener listener = (change, quorum) -> heard.add(change.node() + " " + change.from() + "->"
                + change.to() + " " + quorum.state());
        t.addListener(listener);
        t.fail(node(1), "x");
        t.fail(node(2), "x");
        t.recover(node(1));
        assertEquals(List.of("node-1 UP->DOWN AT_RISK", "node-2 UP->DOWN OFFLINE", "node-1 DOWN->UP AT_RISK"), heard);
        t.removeListener(listener);
        t.recover(node(2));
        assertEquals(3, heard.size());
    }

    @Test
    void aThrowingListenerDoesNotUndoTheChangeNorSilenceOthers() {
        LiveTopology t = topology(4, false);
        List<NodeStateChanged> heard = new ArrayList<>();
        t.addListener((change, quorum) -> {
            throw new IllegalStateException("listener bug");
        });
        t.addListener((change, quorum) -> heard.add(change));
        Logger log = Logger.getLogger(MembershipListeners.class.getName());
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        NodeStatus status;
        try {
            status = t.fail(node(1), "x");
        } finally {
            log.removeHandler(capture);
            log.setUseParentHandlers(true);
        }
        assertEquals(1, logged.size());
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        assertEquals("listener bug", logged.get(0).getThrown().getMessage());
        assertEquals(NodeState.DOWN, status.state());
        assertEquals(NodeState.DOWN, t.status(node(1)).state());
        assertEquals(1, heard.size());
        assertEquals(1, journal.events(NodeStateChanged.TYPE).size());
    }

    // ---- helpers

    private static void assertQuorum(QuorumStatus q, QuorumState state, int present, int total, int required) {
        assertEquals(state, q.state(), q.toString());
        assertEquals(present, q.presentVotes(), q.toString());
        assertEquals(total, q.totalVotes(), q.toString());
        assertEquals(required, q.requiredVotes(), q.toString());
    }

    private static void assertRefused(ErrorCode code, String message, Executable action) {
        FabricException e = assertThrows(FabricException.class, action);
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }
}
