package fabric.set.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.EgressPort;
import fabric.api.teaming.EgressResult;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.TrafficClass;
import fabric.api.teaming.UplinkStatus;
import fabric.journal.testing.MemoryJournal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The lossless class under pressure, through the teams' egress data path: PFC from the link
 * partner pauses a class and then its senders, carrier loss under a NIC moves its frames, and a
 * reconfiguration carries every queued frame over. Simulated time; no sleeps.
 */
class LosslessEgressTest {

    static final NodeId N1 = TeamingComponentTest.N1;
    long now = 1_000_000_000L;
    final MemoryJournal journal = new MemoryJournal();
    final ByteBuffer frame = ByteBuffer.allocateDirect(2048);
    /** What reached the wire: NIC, class and sequence number of each frame. */
    final List<String> nics = new ArrayList<>();
    final List<String> classes = new ArrayList<>();
    final List<Long> seqs = new ArrayList<>();

    TeamingComponent teaming = new TeamingComponent(TeamingComponentTest.NODES, () -> now, journal);
    EgressPort port = teaming.connect(N1, "storage-tep", 3, (nic, c, f) -> {
        nics.add(nic);
        classes.add(c);
        seqs.add(Frames.seq(new UnsafeBuffer(f, f.position(), f.remaining()), 0));
    });

    private ByteBuffer frame(int pcp, int srcPort, long seq) {
        int len = Frames.udp(new UnsafeBuffer(frame), pcp, srcPort, seq, 1000);
        frame.clear().limit(len);
        return frame;
    }

    static ClassCounters counters(UplinkStatus u, String trafficClass) {
        for (ClassCounters c : u.classes()) {
            if (c.trafficClass().equals(trafficClass)) {
                return c;
            }
        }
        throw new AssertionError("no class " + trafficClass + " in " + u);
    }

    static long sum(TeamStatus t, String trafficClass, java.util.function.ToLongFunction<ClassCounters> f) {
        long n = 0;
        for (UplinkStatus u : t.uplinks()) {
            n += f.applyAsLong(counters(u, trafficClass));
        }
        return n;
    }

    private void assertInOrder(long from, long to) {
        List<Long> expected = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            expected.add(s);
        }
        assertEquals(expected, seqs);
    }

    static long queued(TeamStatus t) {
        long n = 0;
        for (UplinkStatus u : t.uplinks()) {
            for (ClassCounters c : u.classes()) {
                n += c.queued();
            }
        }
        return n;
    }

    /** Steps time until the team has nothing queued. */
    private void drain() {
        for (int i = 0; i < 1000 && queued(teaming.team(N1)) > 0; i++) {
            now += 100_000;
            port.flush();
        }
    }

    @Test
    void pfcFromTheLinkPartnerStopsTheClassThenPausesItsSendersAndReleasingItSendsAllInOrder() {
        for (String nic : List.of("nic-0", "nic-1", "nic-2")) {
            teaming.pfc(N1, nic, 3, true);
        }
        long seq = 0;
        EgressResult r = EgressResult.QUEUED;
        // Time passes, but the paused class does not leave: its queue fills to the pause threshold.
        while (r == EgressResult.QUEUED && seq < 10_000) {
            now += 10_000;
            r = port.send(frame(3, 5000, ++seq));
        }
        assertEquals(EgressResult.PAUSED, r, "the sender is paused once the queue reaches its threshold");
        assertEquals(1025, seq, "1,024 frames queued (the threshold), the next one paused");
        assertTrue(seqs.isEmpty(), "nothing of the paused class left: " + seqs.size());
        // Another class is not held back by the pause.
        assertEquals(EgressResult.QUEUED, port.send(frame(0, 6000, 1_000_000)));
        now += 100_000;
        port.flush();
        assertEquals(List.of("default"), classes);
        seqs.clear();
        classes.clear();
        // A paused sender holds its frame; after the release it is sent, after the queued ones.
        for (String nic : List.of("nic-0", "nic-1", "nic-2")) {
            teaming.pfc(N1, nic, 3, false);
        }
        now += 100_000;
        port.flush();
        assertEquals(EgressResult.QUEUED, port.send(frame(3, 5000, seq)));
        drain();
        assertInOrder(1, 1025);
        TeamStatus t = teaming.team(N1);
        assertEquals(0, sum(t, "storage", ClassCounters::drops));
        assertEquals(1, sum(t, "storage", ClassCounters::pauses));
        assertEquals(1025, sum(t, "storage", ClassCounters::txFrames));
    }

    @Test
    void pfcIsRefusedForUnknownThingsAndLossyClassesAndChangesNothing() {
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> teaming.pfc(NodeId.of("node-9"), "nic-0", 3, true)).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> teaming.pfc(N1, "nic-7", 3, true)).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                () -> teaming.pfc(N1, "nic-0", 8, true)).code());
        FabricException lossy = assertThrows(FabricException.class, () -> teaming.pfc(N1, "nic-0", 0, true));
        assertEquals(ErrorCode.FAILED_PRECONDITION, lossy.code());
        assertTrue(lossy.getMessage().contains("default"), lossy.getMessage());
        // Nothing is paused: a burst of the storage class leaves as time passes.
        for (int i = 1; i <= 100; i++) {
            assertEquals(EgressResult.QUEUED, port.send(frame(3, 5000, i)));
        }
        drain();
        assertInOrder(1, 100);
    }

    @Test
    void aNicThatLosesCarrierIsOutOfTheTeamAndItsQueuedFramesMoveAtOnce() {
        // A burst at one instant queues on the flow's NIC.
        for (int i = 1; i <= 200; i++) {
            assertEquals(EgressResult.QUEUED, port.send(frame(3, 5000, i)));
        }
        String carrying = null;
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            if (counters(u, "storage").queued() > 0) {
                carrying = u.nic();
            }
        }
        assertTrue(carrying != null);
        int sentBefore = seqs.size();
        port.carrier(carrying, false);
        TeamStatus t = teaming.team(N1);
        for (UplinkStatus u : t.uplinks()) {
            if (u.nic().equals(carrying)) {
                assertFalse(u.up(), "no carrier, no NIC");
                assertEquals(0, counters(u, "storage").queued(), "its frames moved");
            }
        }
        now += 100_000;
        port.flush();
        for (int i = sentBefore; i < nics.size(); i++) {
            assertFalse(nics.get(i).equals(carrying), "nothing leaves by a NIC without carrier");
        }
        drain();
        assertInOrder(1, 200);
        assertEquals(0, sum(teaming.team(N1), "storage", ClassCounters::drops));
        // Reporting the same state again changes nothing; carrier back brings the NIC back.
        port.carrier(carrying, false);
        port.carrier(carrying, true);
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            assertTrue(u.up(), u.toString());
        }
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class, () -> port.carrier("nic-9", false)).code());
    }

    @Test
    void withNoCarrierAnywhereTheLosslessClassIsPausedAndLossyFramesDropAndNothingQueuedIsLost() {
        for (int i = 1; i <= 50; i++) {
            port.send(frame(3, 5000, i));
        }
        int sent = seqs.size();
        for (String nic : port.nics()) {
            port.carrier(nic, false);
        }
        assertEquals(EgressResult.PAUSED, port.send(frame(3, 5000, 51)));
        assertEquals(EgressResult.DROPPED, port.send(frame(0, 6000, 99)));
        now += 100_000;
        port.flush();
        assertEquals(sent, seqs.size(), "no link, nothing leaves");
        port.carrier("nic-1", true);
        assertEquals(EgressResult.QUEUED, port.send(frame(3, 5000, 51)));
        drain();
        assertInOrder(1, 51);
        assertEquals(1, sum(teaming.team(N1), "default", ClassCounters::drops));
    }

    @Test
    void aReconfigurationCarriesEveryQueuedFrameOverInOrderAndKeepsTheCounters() {
        for (String nic : List.of("nic-0", "nic-1", "nic-2")) {
            teaming.pfc(N1, nic, 3, true);
        }
        for (int i = 1; i <= 500; i++) {
            assertEquals(EgressResult.QUEUED, port.send(frame(3, 5000, i)));
        }
        List<String> before = port.nics();
        // One NIC fewer, another distribution, other DCB classes (storage keeps priority 3, lossless).
        List<TrafficClass> classes2 = List.of(new TrafficClass("storage", List.of(3, 4), 60, true),
                new TrafficClass("rest", List.of(0, 1, 2, 5, 6, 7), 40, false));
        teaming.configure(new TeamSpec(N1, List.of("nic-1", "nic-2"), LoadDistribution.HYPER_V_PORT, classes2));
        assertTrue(port.nics() != before, "a new list after the reconfiguration");
        assertEquals(List.of("nic-1", "nic-2"), port.nics());
        TeamStatus t = teaming.team(N1);
        assertEquals(500, sum(t, "storage", ClassCounters::queued), "every queued frame carried over");
        // The PFC pause of NICs that stay carried over too.
        now += 100_000;
        port.flush();
        assertTrue(seqs.isEmpty());
        teaming.pfc(N1, "nic-1", 3, false);
        teaming.pfc(N1, "nic-2", 3, false);
        drain();
        assertInOrder(1, 500);
        t = teaming.team(N1);
        assertEquals(0, sum(t, "storage", ClassCounters::drops));
        assertEquals(500, sum(t, "storage", ClassCounters::txFrames));
        // The classes are journaled: a restart replays them.
        TeamingComponent again = new TeamingComponent(TeamingComponentTest.NODES, () -> now, journal);
        assertEquals(classes2, again.team(N1).spec().classes());
    }

    @Test
    void aReconfigurationWhileFramesAreQueuedLosesNoneOfTheLosslessClassEvenOnFewerNics() {
        // Three NICs' worth of queued storage frames squeezed onto one NIC: its queue grows.
        for (String nic : List.of("nic-0", "nic-1", "nic-2")) {
            teaming.pfc(N1, nic, 3, true);
        }
        long seq = 0;
        for (int flow = 0; flow < 3; flow++) {
            // Flows far apart in time start flowlets on the least-loaded NIC: one per NIC.
            now += 1_000_000;
            for (int i = 0; i < 1000; i++) {
                assertEquals(EgressResult.QUEUED, port.send(frame(3, 7000 + flow, ++seq)));
            }
        }
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            assertEquals(1000, counters(u, "storage").queued(), u.toString());
        }
        teaming.configure(new TeamSpec(N1, List.of("nic-0"), LoadDistribution.DYNAMIC,
                TeamingComponent.DEFAULT_CLASSES));
        assertEquals(3000, sum(teaming.team(N1), "storage", ClassCounters::queued));
        teaming.pfc(N1, "nic-0", 3, false);
        drain();
        assertInOrder(1, 3000);
        assertEquals(0, sum(teaming.team(N1), "storage", ClassCounters::drops));
    }

    @Test
    void framesOfAClosedPortStillReachItsWireAfterAReconfigurationEvenWhenItsNameIsTakenAgain() {
        for (String nic : List.of("nic-0", "nic-1", "nic-2")) {
            teaming.pfc(N1, nic, 3, true);
        }
        for (int i = 1; i <= 10; i++) {
            assertEquals(EgressResult.QUEUED, port.send(frame(3, 5000, i)));
        }
        port.close();
        List<Long> second = new ArrayList<>();
        EgressPort again = teaming.connect(N1, "storage-tep", 3,
                (nic, c, f) -> second.add(Frames.seq(new UnsafeBuffer(f, f.position(), f.remaining()), 0)));
        for (int i = 101; i <= 105; i++) {
            assertEquals(EgressResult.QUEUED, again.send(frame(3, 5000, i)));
        }
        teaming.configure(new TeamSpec(N1, List.of("nic-0", "nic-1"), LoadDistribution.DYNAMIC,
                TeamingComponent.DEFAULT_CLASSES));
        teaming.pfc(N1, "nic-0", 3, false);
        teaming.pfc(N1, "nic-1", 3, false);
        for (int i = 0; i < 100; i++) {
            now += 100_000;
            again.flush();
        }
        assertInOrder(1, 10);
        assertEquals(List.of(101L, 102L, 103L, 104L, 105L), second);
    }
}
