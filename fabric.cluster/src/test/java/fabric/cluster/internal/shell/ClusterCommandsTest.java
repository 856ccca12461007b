package fabric.cluster.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.QuorumState;
import fabric.cluster.internal.membership.LiveTopology;
import fabric.cluster.internal.parser.JsonTopologyParser;
import fabric.journal.testing.MemoryJournal;
import fabric.cluster.testing.Regions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the {@code fabric:} commands print, on the demo scale unit. */
class ClusterCommandsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T08:00:00Z"), ZoneOffset.UTC);

    private final LiveTopology topology = new LiveTopology(
            new JsonTopologyParser(Set.of("dell")).read(Path.of("../demo/topology.json")), new MemoryJournal(CLOCK),
            CLOCK);
    private final ClusterCommands commands = new ClusterCommands(topology, topology);

    @Test
    void statusShowsTheRegionTheQuorumAndANodeTable() {
        assertEquals("""
                region demo
                stamp stamp-1
                  scale unit su-1: HEALTHY, 4 of 4 votes present, 3 needed (no witness)
                    NODE    STATE  HEALTH   VENDOR  MODEL   CORES  MEMORY   DISKS                          SINCE                 REASON
                    node-1  UP     HEALTHY  dell    AX-760  32     384 GiB  2 nvme cache + 4 hdd capacity  2025-03-01T08:00:00Z
                    node-2  UP     HEALTHY  dell    AX-760  32     384 GiB  2 nvme cache + 4 hdd capacity  2025-03-01T08:00:00Z
                    node-3  UP     HEALTHY  dell    AX-760  32     384 GiB  2 nvme cache + 4 hdd capacity  2025-03-01T08:00:00Z
                    node-4  UP     HEALTHY  dell    AX-760  32     384 GiB  2 nvme cache + 4 hdd capacity  2025-03-01T08:00:00Z""",
                commands.status());
    }

    @Test
    void statusSaysPlainlyWhenTheScaleUnitIsOffline() {
        commands.failNode("node-2", "lost power");
        String atRisk = commands.status();
        assertTrue(atRisk.contains("scale unit su-1: AT_RISK, 3 of 4 votes present, 3 needed (no witness); losing one"
                + " more vote takes it OFFLINE"), atRisk);
        commands.failNode("node-3");
        String offline = commands.status();
        assertTrue(offline.contains("scale unit su-1: OFFLINE, 2 of 4 votes present, 3 needed (no witness); operator"
                + " changes are refused until quorum returns"), offline);
        assertTrue(offline.contains("node-2  DOWN   UNHEALTHY"), offline);
        assertTrue(offline.contains("2025-03-01T08:00:00Z  lost power"), offline);
        assertTrue(offline.contains("failed by an operator"), offline);
    }

    @Test
    void changesReportTheTransitionAndTheQuorum() {
        assertEquals("node-2: UP -> DOWN (lost power)\nscale unit su-1: AT_RISK, 3 of 4 votes present, 3 needed"
                + " (no witness); losing one more vote takes it OFFLINE", commands.failNode("node-2", "lost power"));
        assertEquals("node-2: DOWN -> UP\nscale unit su-1: HEALTHY, 4 of 4 votes present, 3 needed (no witness)",
                commands.recoverNode("node-2"));
        assertEquals("node-1: UP -> MAINTENANCE (maintenance by an operator)", commands.enterMaintenance("node-1")
                .lines().findFirst().orElseThrow());
        assertEquals("node-1: MAINTENANCE -> UP", commands.exitMaintenance("node-1").lines().findFirst().orElseThrow());
        assertEquals("node-4: UP -> ISOLATED (switch port down)", commands.isolateNode("node-4", "switch port down")
                .lines().findFirst().orElseThrow());
    }

    @Test
    void maintenanceIsRefusedWhileOffline() {
        commands.failNode("node-2");
        commands.failNode("node-3");
        FabricException e = assertThrows(FabricException.class, () -> commands.enterMaintenance("node-1"));
        assertEquals(ErrorCode.QUORUM_LOST, e.code());
        commands.recoverNode("node-3");
        assertEquals(QuorumState.AT_RISK, topology.quorum(ScaleUnitId.of("su-1")).state());
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        FabricException unknown = assertThrows(FabricException.class, () -> commands.failNode("node-9"));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        assertEquals("no node named 'node-9'", unknown.getMessage());
        FabricException invalid = assertThrows(FabricException.class, () -> commands.node("Node 1"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, invalid.code());
        FabricException noWitness = assertThrows(FabricException.class, () -> commands.failWitness("su-1"));
        assertEquals("scale unit su-1 has no witness", noWitness.getMessage());
        FabricException same = assertThrows(FabricException.class, () -> commands.recoverNode("node-1"));
        assertEquals("node-1 is already UP", same.getMessage());
    }

    @Test
    void nodesListsEveryNode() {
        String out = commands.nodes();
        assertEquals(5, out.lines().count(), out);
        assertTrue(out.startsWith("NODE    SCALE UNIT  STATE  HEALTH   VENDOR  MODEL   CORES  MEMORY   DISKS"), out);
        assertTrue(out.contains("node-4  su-1        UP     HEALTHY  dell    AX-760  32     384 GiB  2 nvme cache +"
                + " 4 hdd capacity  2 x 25 Gbps, RDMA roce"), out);
    }

    @Test
    void nodeShowsOneNodeInFull() {
        commands.failNode("node-2", "lost power");
        assertEquals("""
                node node-2 in scale unit su-1, stamp stamp-1, region demo
                state     DOWN (UNHEALTHY) since 2025-03-01T08:00:00Z: lost power
                hardware  dell AX-760, 32 cores, 384 GiB memory
                bmc       node-2-bmc.demo.fabric
                disks     2 nvme cache + 4 hdd capacity
                  NAME    MEDIA  ROLE      SIZE
                  nvme-0  nvme   cache     1.5 TiB
                  nvme-1  nvme   cache     1.5 TiB
                  hdd-0   hdd    capacity  7.3 TiB
                  hdd-1   hdd    capacity  7.3 TiB
                  hdd-2   hdd    capacity  7.3 TiB
                  hdd-3   hdd    capacity  7.3 TiB
                nics      2 x 25 Gbps, RDMA roce
                  NAME   SPEED    RDMA
                  nic-0  25 Gbps  roce
                  nic-1  25 Gbps  roce""", commands.node("node-2"));
    }

    @Test
    void witnessCommandsChangeTheQuorum() {
        LiveTopology withWitness = new LiveTopology(Regions.oneScaleUnit(4, true), new MemoryJournal(CLOCK), CLOCK);
        ClusterCommands c = new ClusterCommands(withWitness, withWitness);
        c.failNode("node-1");
        c.failNode("node-2");
        assertEquals("witness of scale unit su-1: UNAVAILABLE\nscale unit su-1: OFFLINE, 2 of 5 votes present,"
                + " 3 needed (witness cloud at https://witness.example.net/su-1: UNAVAILABLE); operator changes are"
                + " refused until quorum returns", c.failWitness("su-1"));
        assertTrue(c.recoverWitness("su-1").endsWith("3 of 5 votes present, 3 needed (witness cloud at"
                + " https://witness.example.net/su-1: available); losing one more vote takes it OFFLINE"));
    }
}
