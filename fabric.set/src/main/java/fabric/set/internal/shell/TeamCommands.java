package fabric.set.internal.shell;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.Teaming;
import fabric.api.teaming.TrafficClass;
import fabric.api.teaming.UplinkStatus;
import fabric.set.internal.TeamingComponent;
import fabric.shell.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code team:} shell commands: every node's Switch Embedded Team, its uplinks with pinned
 * vPorts and per-class counters, NIC fault injection, and team configuration. Hyphenated names come
 * from {@link TeamCommandAliases}.
 */
@Component(service = TeamCommands.class)
@GogoCommand(scope = "team", function = {"teams", "show", "failNic", "restoreNic", "configure", "pfc"})
public final class TeamCommands {

    private final Teaming teaming;

    /** @param teaming the teams */
    @Activate
    public TeamCommands(@Reference(name = "teaming") Teaming teaming) {
        this.teaming = Objects.requireNonNull(teaming, "teaming");
    }

    /** @return every team at a glance */
    @Descriptor("lists every node's team: NICs up, distribution, traffic classes")
    public String teams() {
        Table t = new Table("NODE", "NICS UP", "DISTRIBUTION", "CLASSES");
        for (TeamStatus s : teaming.teams()) {
            long up = s.uplinks().stream().filter(UplinkStatus::up).count();
            StringBuilder classes = new StringBuilder();
            for (TrafficClass c : s.spec().classes()) {
                classes.append(classes.length() == 0 ? "" : ", ").append(c.name()).append(' ').append(c.priorities())
                        .append(' ').append(c.bandwidthPercent()).append('%').append(c.lossless() ? " lossless" : "");
            }
            t.row(s.spec().node(), up + "/" + s.uplinks().size(), s.spec().distribution(), classes);
        }
        return t.render(0);
    }

    /**
     * @param node a node
     * @return its uplinks with pins and counters
     */
    @Descriptor("shows a node's team: each NIC, its pinned vPorts and per-class counters (PFC RX: pauses the NIC's"
            + " link partner asserted; PEER PAUSED: paused by it now)")
    public String show(@Descriptor("node name") String node) {
        TeamStatus s = teaming.team(NodeId.of(node));
        Table t = new Table("NIC", "STATE", "GB/S", "CLASS", "TX FRAMES", "TX BYTES", "DROPS", "PAUSES", "QUEUED",
                "PFC RX", "PEER PAUSED", "VPORTS");
        for (UplinkStatus u : s.uplinks()) {
            boolean first = true;
            for (ClassCounters c : u.classes()) {
                t.row(first ? u.nic() : "", first ? (u.up() ? "up" : "FAILED") : "", first ? u.speedGbps() : "",
                        c.trafficClass(), c.txFrames(), c.txBytes(), c.drops(), c.pauses(), c.queued(),
                        c.peerPauses(), c.peerPaused() ? "PAUSED" : "-", first ? String.join(",", u.vports()) : "");
                first = false;
            }
        }
        return node + " (" + s.spec().distribution() + ")\n" + t.render(0);
    }

    /**
     * @param node a node
     * @param nic one of its team's NICs
     * @return the team after the failure
     */
    @Descriptor("fault injection: a NIC of a node's team fails; its vPorts and flows move to the others")
    public String failNic(@Descriptor("node name") String node, @Descriptor("NIC name") String nic) {
        teaming.failNic(NodeId.of(node), nic);
        return "failed " + nic + " on " + node + "\n" + show(node);
    }

    /**
     * @param node a node
     * @param nic a failed NIC
     * @return the team after the restore
     */
    @Descriptor("a failed NIC returns; the team rebalances onto it")
    public String restoreNic(@Descriptor("node name") String node, @Descriptor("NIC name") String nic) {
        teaming.restoreNic(NodeId.of(node), nic);
        return "restored " + nic + " on " + node + "\n" + show(node);
    }

    /**
     * @param node a node
     * @param nics comma-separated NICs
     * @param distribution hyper-v-port or dynamic
     * @return the new team
     */
    @Descriptor("configures a node's team (the default DCB policy): NICs and load distribution")
    public String configure(@Descriptor("node name") String node, @Descriptor("NICs, comma-separated (1-8, identical)") String nics,
            @Descriptor("hyper-v-port or dynamic") String distribution) {
        return configure(node, nics, distribution, TeamingComponent.DEFAULT_CLASSES);
    }

    private String configure(String node, String nics, String distribution, List<TrafficClass> classes) {
        TeamSpec spec;
        try {
            spec = new TeamSpec(NodeId.of(node), List.of(nics.split(",")),
                    LoadDistribution.valueOf(distribution.strip().toUpperCase(Locale.ROOT).replace('-', '_')),
                    classes);
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("team", e.getMessage() == null ? e.toString()
                    : e.getMessage().startsWith("No enum") ? "'" + distribution + "' is not one of "
                    + Arrays.toString(LoadDistribution.values()) : e.getMessage());
        }
        teaming.configure(spec);
        return "configured " + node + "\n" + show(node);
    }

    /**
     * @param node a node
     * @param nics comma-separated NICs
     * @param distribution hyper-v-port or dynamic
     * @param classes the DCB classes
     * @return the new team
     */
    @Descriptor("configures a node's team with its DCB classes; frames queued on the old configuration move over")
    public String configure(@Descriptor("node name") String node,
            @Descriptor("NICs, comma-separated (1-8, identical)") String nics,
            @Descriptor("hyper-v-port or dynamic") String distribution,
            @Descriptor("classes: name:priorities:share[:lossless] separated by ',', priorities by '.',"
                    + " e.g. storage:3:50:lossless,default:0.1.2.4.5.6.7:50") String classes) {
        List<TrafficClass> parsed;
        try {
            parsed = fabric.set.internal.TeamConfigured.classes(classes);
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("classes", e.getMessage());
        }
        return configure(node, nics, distribution, parsed);
    }

    /**
     * @param node a node
     * @param nic one of its team's NICs
     * @param priority an 802.1p priority of a lossless class
     * @param state on or off
     * @return the team
     */
    @Descriptor("priority flow control from a NIC's link partner: pause (on) or resume (off) a lossless priority")
    public String pfc(@Descriptor("node name") String node, @Descriptor("NIC name") String nic,
            @Descriptor("802.1p priority (0-7) of a lossless class") int priority,
            @Descriptor("on (paused) or off (resumed)") String state) {
        boolean paused;
        if (state.equalsIgnoreCase("on")) {
            paused = true;
        } else if (state.equalsIgnoreCase("off")) {
            paused = false;
        } else {
            throw FabricException.invalid("state", "'" + state + "' is not on or off");
        }
        teaming.pfc(NodeId.of(node), nic, priority, paused);
        return "PFC " + (paused ? "asserted" : "released") + " for priority " + priority + " on " + nic + " of " + node
                + "\n" + show(node);
    }
}
