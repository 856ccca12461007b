package fabric.set.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.TrafficClass;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Teaming and DCB on simulated time: deterministic, no sleeps. */
class VSwitchTest {

    static final NodeId NODE = NodeId.of("node-1");
    static final List<TrafficClass> CLASSES = List.of(
            new TrafficClass("storage", List.of(3), 50, true),
            new TrafficClass("vm", List.of(0, 1, 2, 4, 5), 30, false),
            new TrafficClass("mgmt", List.of(6, 7), 20, false));
    static final long TICK = 10_000;

    long now;
    final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);

    @Test
    void etsSharesHoldWithin5PercentUnderSaturationAndTheLosslessClassNeverDrops() {
        VSwitch sw = new VSwitch(new TeamSpec(NODE, List.of("nic-0"), LoadDistribution.DYNAMIC, CLASSES), 10, 256,
                () -> now, (nic, c, v, b, o, l) -> { });
        int storage = sw.addVPort("smb", 3, null);
        int vm = sw.addVPort("vm-1", 0, null);
        int mgmt = sw.addVPort("mgmt", 6, null);
        SplittableRandom rnd = new SplittableRandom(42);
        long seq = 0;
        long warmup = 10_000_000;
        long[] startBytes = null;
        for (now = 0; now <= 110_000_000; now += TICK) {
            // Every class offers more than the link can carry.
            for (int k = 0; k < 16; k++) {
                sw.send(storage, frame, 0, Frames.udp(frame, 3, 1000 + k, seq++, 1514));
                sw.send(vm, frame, 0, Frames.udp(frame, 0, 2000 + k, seq++, 1514));
                sw.send(mgmt, frame, 0, Frames.udp(frame, 6, 3000 + k, seq++, 64 + rnd.nextInt(1450)));
            }
            sw.tick();
            if (now == warmup) {
                startBytes = bytes(sw.status());
            }
        }
        long[] end = bytes(sw.status());
        long total = 0;
        for (int c = 0; c < 3; c++) {
            total += end[c] - startBytes[c];
        }
        assertTrue(total > 0.98 * 10e9 / 8 * 0.1, "the link is saturated: " + total);
        int[] shares = {50, 30, 20};
        for (int c = 0; c < 3; c++) {
            double measured = (double) (end[c] - startBytes[c]) / total * 100;
            assertTrue(Math.abs(measured - shares[c]) <= 0.05 * shares[c], CLASSES.get(c).name() + ": " + measured
                    + "% for a share of " + shares[c] + "%");
        }
        List<ClassCounters> counters = sw.status().uplinks().get(0).classes();
        assertEquals(0, counters.get(0).drops(), "lossless: no drop");
        assertTrue(counters.get(0).pauses() > 0, "lossless: senders were paused instead");
        assertTrue(counters.get(1).drops() > 0 && counters.get(2).drops() > 0, "lossy classes drop when full");
    }

    static long[] bytes(TeamStatus s) {
        long[] b = new long[3];
        for (int c = 0; c < 3; c++) {
            for (var u : s.uplinks()) {
                b[c] += u.classes().get(c).txBytes();
            }
        }
        return b;
    }

    @Test
    void failingANicMidStreamLosesNoLosslessFrameAndMovesFlowsWithinOneRound() {
        List<long[]> sent = new ArrayList<>();
        BitSet received = new BitSet();
        int[] duplicates = {0};
        List<String> nicOfFrame = new ArrayList<>();
        VSwitch sw = new VSwitch(new TeamSpec(NODE, List.of("nic-0", "nic-1"), LoadDistribution.DYNAMIC, CLASSES), 10,
                64, () -> now, (nic, c, v, b, o, l) -> {
                    int s = (int) Frames.seq(b, o);
                    if (received.get(s)) {
                        duplicates[0]++;
                    }
                    received.set(s);
                    nicOfFrame.add(nic);
                });
        int smb = sw.addVPort("smb", 3, null);
        int total = 200_000;
        int next = 0;
        boolean failed = false;
        Set<String> nicsBefore = new HashSet<>();
        for (now = 0; received.cardinality() < total && now < 1_000_000_000L; now += TICK) {
            // Offer until PFC pauses: the sender keeps the paused frame and retries next tick.
            while (next < total) {
                int r = sw.send(smb, frame, 0, Frames.udp(frame, 3, 5000 + next % 64, next, 1514));
                assertTrue(r != VSwitch.DROPPED, "a lossless frame was dropped at " + next);
                if (r == VSwitch.PAUSED) {
                    break;
                }
                next++;
            }
            if (!failed && now == 5_000_000) {
                TeamStatus before = sw.status();
                int queuedOnNic0 = before.uplinks().get(0).classes().get(0).queued();
                assertTrue(queuedOnNic0 > 0, "nic-0 has frames queued when it fails");
                nicsBefore.addAll(nicOfFrame);
                assertEquals(0, sw.failNic("nic-0"), "nothing lost in the move");
                failed = true;
                nicOfFrame.clear();
                int sentInRound = sw.tick();
                assertTrue(sentInRound > 0);
                assertTrue(nicOfFrame.stream().allMatch("nic-1"::equals), "after the failure only nic-1 sends");
                assertEquals(0, sw.status().uplinks().get(0).classes().get(0).queued());
                continue;
            }
            sw.tick();
        }
        assertEquals(Set.of("nic-0", "nic-1"), nicsBefore, "both NICs carried the stream before the failure");
        assertEquals(total, received.cardinality(), "every lossless frame arrived");
        assertEquals(0, duplicates[0]);
        for (var u : sw.status().uplinks()) {
            assertEquals(0, u.classes().get(0).drops());
        }
    }

    @Test
    void hyperVPortPinsBalanceFailOverAndRebalance() {
        VSwitch sw = new VSwitch(new TeamSpec(NODE, List.of("nic-0", "nic-1"), LoadDistribution.HYPER_V_PORT, CLASSES),
                25, 16, () -> now, (nic, c, v, b, o, l) -> { });
        for (int i = 0; i < 8; i++) {
            sw.addVPort("vm-" + i, 0, null);
        }
        sw.addVPort("smb-1", 3, "nic-1");
        TeamStatus s = sw.status();
        assertEquals(4, s.uplinks().get(0).vports().size());
        assertEquals(5, s.uplinks().get(1).vports().size());
        sw.failNic("nic-1");
        assertEquals(9, sw.status().uplinks().get(0).vports().size());
        assertEquals("nic-0", sw.pinnedNic("smb-1"));
        sw.restoreNic("nic-1");
        s = sw.status();
        assertTrue(Math.abs(s.uplinks().get(0).vports().size() - s.uplinks().get(1).vports().size()) <= 1, s.toString());
        assertEquals("nic-1", sw.pinnedNic("smb-1"), "the storage vNIC returns to its NIC");
        // A frame of a vPort goes out on its pinned NIC.
        List<String> out = new ArrayList<>();
        VSwitch one = new VSwitch(new TeamSpec(NODE, List.of("nic-0", "nic-1"), LoadDistribution.HYPER_V_PORT, CLASSES),
                25, 16, () -> now, (nic, c, v, b, o, l) -> out.add(nic));
        int a = one.addVPort("a", 0, null);
        int b = one.addVPort("b", 0, null);
        one.send(a, frame, 0, Frames.udp(frame, 0, 1, 1, 100));
        one.send(b, frame, 0, Frames.udp(frame, 0, 2, 2, 100));
        now += TICK;
        one.tick();
        assertEquals(List.of(one.pinnedNic("a"), one.pinnedNic("b")), out);
    }

    @Test
    void dynamicDistributionSpreadsFlowsOverTheTeam() {
        long[] perNic = new long[4];
        VSwitch sw = new VSwitch(new TeamSpec(NODE, List.of("nic-0", "nic-1", "nic-2", "nic-3"),
                LoadDistribution.DYNAMIC, CLASSES), 10, 256, () -> now, (nic, c, v, b, o, l) -> perNic[nic.charAt(4) - '0'] += l);
        int vm = sw.addVPort("vm", 0, null);
        for (now = 0; now < 20_000_000; now += TICK) {
            for (int f = 0; f < 40; f++) {
                sw.send(vm, frame, 0, Frames.udp(frame, 0, 10_000 + f, f, 1514));
            }
            sw.tick();
        }
        long sum = perNic[0] + perNic[1] + perNic[2] + perNic[3];
        for (long n : perNic) {
            assertTrue(n > sum / 8, "each NIC carries a fair part: " + java.util.Arrays.toString(perNic));
        }
    }

    @Test
    void badTeamsAndOperationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TeamSpec(NODE, List.of(), LoadDistribution.DYNAMIC, CLASSES));
        assertThrows(IllegalArgumentException.class, () -> new TeamSpec(NODE,
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"), LoadDistribution.DYNAMIC, CLASSES));
        assertThrows(IllegalArgumentException.class, () -> new TeamSpec(NODE, List.of("a"), LoadDistribution.DYNAMIC,
                List.of(new TrafficClass("x", List.of(1), 60, false), new TrafficClass("y", List.of(2), 30, false))));
        assertThrows(IllegalArgumentException.class, () -> new TeamSpec(NODE, List.of("a"), LoadDistribution.DYNAMIC,
                List.of(new TrafficClass("x", List.of(1), 50, false), new TrafficClass("y", List.of(1), 50, false))));
        VSwitch sw = new VSwitch(new TeamSpec(NODE, List.of("nic-0", "nic-1"), LoadDistribution.DYNAMIC, CLASSES), 10, 8,
                () -> now, (nic, c, v, b, o, l) -> { });
        assertThrows(FabricException.class, () -> sw.failNic("nic-9"));
        assertThrows(FabricException.class, () -> sw.restoreNic("nic-0"));
        sw.failNic("nic-0");
        assertThrows(FabricException.class, () -> sw.failNic("nic-1"), "the last NIC up cannot fail");
        assertTrue(sw.status().uplinks().get(1).up());
    }
}
