package fabric.set.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.teaming.EgressPort;
import fabric.api.teaming.EgressResult;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.UplinkStatus;
import fabric.journal.testing.MemoryJournal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The teams' egress data path: senders connect as vPorts, their frames reach their wire by class and NIC. */
class TeamEgressTest {

    static final NodeId N1 = TeamingComponentTest.N1;
    long now = 1_000_000_000L;
    final MemoryJournal journal = new MemoryJournal();
    final ByteBuffer frame = ByteBuffer.allocateDirect(2048);
    final List<String> wire = new ArrayList<>();

    private ByteBuffer frame(int pcp, int srcPort, long seq, int length) {
        int len = Frames.udp(new UnsafeBuffer(frame), pcp, srcPort, seq, length);
        frame.clear().limit(len);
        return frame;
    }

    @Test
    void aConnectedSendersFramesReachItsWireThroughTheSchedulerWithTheirClass() {
        TeamingComponent teaming = new TeamingComponent(TeamingComponentTest.NODES, () -> now, journal);
        EgressPort port = teaming.connect(N1, "vxlan-tep", 0, (nic, c, f) -> wire.add(nic + " " + c + " "
                + f.remaining() + " " + Frames.seq(new UnsafeBuffer(f, f.position(), f.remaining()), 0)));
        assertEquals("default", port.trafficClass());
        // A link idle for a second has credit: the frame leaves within send().
        now += 1_000_000_000L;
        assertEquals(EgressResult.QUEUED, port.send(frame(0, 1000, 1, 200)));
        assertEquals(1, wire.size());
        assertTrue(wire.get(0).endsWith(" default 200 1"), wire.get(0));
        assertEquals(0, frame.position(), "the sender's buffer is left as it was");
        // No time passes: frames queue until the scheduler runs again.
        for (int i = 2; i <= 10; i++) {
            assertEquals(EgressResult.QUEUED, port.send(frame(0, 1000, i, 200)));
        }
        assertEquals(1, wire.size());
        now += 1_000_000;
        assertEquals(9, port.flush());
        assertEquals(10, wire.size());
        for (int i = 0; i < 10; i++) {
            assertTrue(wire.get(i).endsWith(" " + (i + 1)), "in order: " + wire);
        }
        // A tagged frame takes its own priority's class: storage (lossless).
        now += 1_000_000;
        assertEquals(EgressResult.QUEUED, port.send(frame(3, 1000, 11, 200)));
        assertTrue(wire.get(10).contains(" storage "), wire.get(10));
        long sent = 0;
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            sent += u.classes().get(2).txFrames();
        }
        assertEquals(10, sent, "counted in the team's default class");
    }

    @Test
    void theConnectionFollowsAReconfigurationAndAClosedPortDrops() {
        TeamingComponent teaming = new TeamingComponent(TeamingComponentTest.NODES, () -> now, journal);
        EgressPort port = teaming.connect(N1, "vxlan-tep", 0, (nic, c, f) -> wire.add(nic));
        teaming.configure(new TeamSpec(N1, List.of("nic-2"), LoadDistribution.HYPER_V_PORT,
                TeamingComponent.DEFAULT_CLASSES));
        now += 1_000_000;
        assertEquals(EgressResult.QUEUED, port.send(frame(0, 1000, 1, 200)));
        assertEquals(List.of("nic-2"), wire);
        assertTrue(teaming.team(N1).uplinks().get(0).vports().contains("vxlan-tep"));
        port.close();
        assertEquals(EgressResult.DROPPED, port.send(frame(0, 1000, 2, 200)));
        assertTrue(!teaming.team(N1).uplinks().get(0).vports().contains("vxlan-tep"));
        // The name is free again.
        teaming.connect(N1, "vxlan-tep", 0, (nic, c, f) -> { }).close();
    }

    @Test
    void aFailingWireIsCountedAndTheSchedulerGoesOn() {
        TeamingComponent teaming = new TeamingComponent(TeamingComponentTest.NODES, () -> now, journal);
        EgressPort port = teaming.connect(N1, "vxlan-tep", 0, (nic, c, f) -> {
            throw new IllegalStateException("cable unplugged");
        });
        assertEquals(EgressResult.QUEUED, port.send(frame(0, 1000, 1, 200)));
        assertEquals(EgressResult.QUEUED, port.send(frame(0, 1000, 2, 200)));
        now += 1_000_000;
        port.flush();
        assertEquals(2, teaming.wireErrors());
    }

    @Test
    void badConnectionsAreRefusedAndChangeNothing() {
        TeamingComponent teaming = new TeamingComponent(TeamingComponentTest.NODES, () -> now, journal);
        teaming.connect(N1, "vxlan-tep", 0, (nic, c, f) -> { });
        FabricException unknown = assertThrows(FabricException.class,
                () -> teaming.connect(NodeId.of("node-9"), "x", 0, (nic, c, f) -> { }));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        FabricException taken = assertThrows(FabricException.class,
                () -> teaming.connect(N1, "vxlan-tep", 0, (nic, c, f) -> { }));
        assertEquals(ErrorCode.ALREADY_EXISTS, taken.code());
        FabricException priority = assertThrows(FabricException.class,
                () -> teaming.connect(N1, "other", 8, (nic, c, f) -> { }));
        assertEquals(ErrorCode.INVALID_ARGUMENT, priority.code());
        FabricException name = assertThrows(FabricException.class,
                () -> teaming.connect(N1, "Bad Name", 0, (nic, c, f) -> { }));
        assertEquals(ErrorCode.INVALID_ARGUMENT, name.code());
        // The refused priority left no vPort behind: the name is still free.
        teaming.connect(N1, "other", 1, (nic, c, f) -> { });
        teaming.configure(new TeamSpec(N1, List.of("nic-0"), LoadDistribution.HYPER_V_PORT,
                TeamingComponent.DEFAULT_CLASSES));
        assertEquals(List.of("host-mgmt", "host-smb-1", "vxlan-tep", "other"),
                teaming.team(N1).uplinks().get(0).vports());
    }
}
