package fabric.cluster.internal.shell;

import fabric.api.core.ByteSize;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.DiskSpec;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.api.topology.Topology;
import fabric.api.topology.WitnessSpec;
import fabric.cluster.internal.parser.DriveConfiguration;
import fabric.cluster.internal.parser.JsonTopologyParser;
import fabric.shell.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Text reports of the topology and its live state, as the {@code fabric:} commands print them. */
final class ClusterReport {

    private final Topology topology;

    ClusterReport(Topology topology) {
        this.topology = topology;
    }

    /** @return region, stamps, each scale unit's quorum and its node table */
    String status() {
        StringBuilder out = new StringBuilder("region ").append(topology.region().name()).append('\n');
        for (StampSpec stamp : topology.region().stamps()) {
            out.append("stamp ").append(stamp.name()).append('\n');
            for (ScaleUnitSpec unit : stamp.scaleUnits()) {
                out.append("  ").append(quorumLine(unit.id())).append('\n');
                Table table = new Table("NODE", "STATE", "HEALTH", "VENDOR", "MODEL", "CORES", "MEMORY", "DISKS",
                        "SINCE", "REASON");
                for (NodeSpec node : unit.nodes()) {
                    NodeStatus s = topology.status(node.id());
                    table.row(node.id(), s.state(), s.health(), node.vendor(), node.model(), node.cores(),
                            new ByteSize(node.memoryBytes()), DriveConfiguration.of(node.disks()), time(s.since()),
                            s.reason());
                }
                out.append(table.render(4));
            }
        }
        return out.toString().stripTrailing();
    }

    /** @return every node of the region, one row each */
    String nodes() {
        Table table = new Table("NODE", "SCALE UNIT", "STATE", "HEALTH", "VENDOR", "MODEL", "CORES", "MEMORY",
                "DISKS", "NICS", "SINCE", "REASON");
        for (ScaleUnitSpec unit : topology.region().scaleUnits()) {
            for (NodeSpec node : unit.nodes()) {
                NodeStatus s = topology.status(node.id());
                table.row(node.id(), unit.id(), s.state(), s.health(), node.vendor(), node.model(), node.cores(),
                        new ByteSize(node.memoryBytes()), DriveConfiguration.of(node.disks()), nics(node.nics()),
                        time(s.since()), s.reason());
            }
        }
        return table.render(0).stripTrailing();
    }

    /** @return one node in full: where it is, its state, hardware, disks and NICs */
    String node(NodeId id) {
        NodeSpec node = topology.node(id);
        ScaleUnitId unit = topology.scaleUnitOf(id);
        NodeStatus s = topology.status(id);
        StringBuilder out = new StringBuilder("node ").append(id).append(" in scale unit ").append(unit);
        stampOf(unit).ifPresent(stamp -> out.append(", stamp ").append(stamp.name()));
        out.append(", region ").append(topology.region().name()).append('\n');
        out.append("state     ").append(s.state()).append(" (").append(s.health()).append(") since ")
                .append(time(s.since())).append(s.reason().isEmpty() ? "" : ": " + s.reason()).append('\n');
        out.append("hardware  ").append(node.vendor()).append(' ').append(node.model()).append(", ")
                .append(node.cores()).append(" cores, ").append(new ByteSize(node.memoryBytes()))
                .append(" memory\n");
        out.append("bmc       ").append(node.bmcAddress()).append('\n');
        out.append("disks     ").append(DriveConfiguration.of(node.disks())).append('\n');
        Table disks = new Table("NAME", "MEDIA", "ROLE", "SIZE");
        for (DiskSpec d : node.disks()) {
            disks.row(d.name(), spelling(d.media()), spelling(d.role()), new ByteSize(d.sizeBytes()));
        }
        out.append(disks.render(2));
        out.append("nics      ").append(nics(node.nics())).append('\n');
        Table nics = new Table("NAME", "SPEED", "RDMA");
        for (NicSpec n : node.nics()) {
            nics.row(n.name(), n.speedGbps() + " Gbps", spelling(n.rdma()));
        }
        out.append(nics.render(2));
        return out.toString().stripTrailing();
    }

    /**
     * @param id a scale unit
     * @return its quorum in one line, such as {@code scale unit su-1: OFFLINE, 2 of 4 votes present, 3 needed
     *         (no witness); operator changes are refused until quorum returns}
     */
    String quorumLine(ScaleUnitId id) {
        QuorumStatus q = topology.quorum(id);
        Optional<WitnessSpec> witness = topology.scaleUnit(id).witness();
        String line = "scale unit " + id + ": " + q.state() + ", " + q.presentVotes() + " of " + q.totalVotes()
                + " votes present, " + q.requiredVotes() + " needed ("
                + witness.map(w -> "witness " + spelling(w.kind()) + " at " + w.location() + ": "
                        + (q.witnessAvailable() ? "available" : "UNAVAILABLE")).orElse("no witness") + ")";
        return switch (q.state()) {
            case HEALTHY -> line;
            case AT_RISK -> line + "; losing one more vote takes it OFFLINE";
            case OFFLINE -> line + "; operator changes are refused until quorum returns";
        };
    }

    private Optional<StampSpec> stampOf(ScaleUnitId unit) {
        return topology.region().stamps().stream()
                .filter(s -> s.scaleUnits().stream().anyMatch(u -> u.id().equals(unit))).findFirst();
    }

    private static String nics(List<NicSpec> nics) {
        if (nics.isEmpty()) {
            return "none";
        }
        NicSpec first = nics.get(0);
        return nics.size() + " x " + first.speedGbps() + " Gbps, RDMA " + spelling(first.rdma());
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String spelling(Enum<?> constant) {
        return JsonTopologyParser.spelling(constant);
    }
}
