package fabric.compute.internal.shell;

import fabric.api.compute.ComputeService;
import fabric.api.compute.DrainReport;
import fabric.api.compute.MigrationReport;
import fabric.api.core.ByteSize;
import fabric.api.core.NodeId;
import fabric.compute.internal.ComputeKeeper;
import fabric.shell.Table;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code fabric:drain-node}: compute's command in the fabric scope, a service of its own beside the
 * cluster's commands. Registered as {@code drainNode}; {@link CommandAliases} adds the hyphenated name.
 */
@Component(service = DrainCommand.class)
@GogoCommand(scope = "fabric", function = {"drainNode"})
public final class DrainCommand {

    private final Supplier<ComputeService> compute;

    /** @param keeper holds the compute service that drains */
    @Activate
    public DrainCommand(@Reference(name = "compute") ComputeKeeper keeper) {
        Objects.requireNonNull(keeper, "keeper");
        this.compute = keeper::compute;
    }

    /** @param compute the service the commands drive, for use without a framework */
    DrainCommand(ComputeService compute) {
        Objects.requireNonNull(compute, "compute");
        this.compute = () -> compute;
    }

    private ComputeService compute() {
        return compute.get();
    }

    /**
     * @param node a node
     * @return every move with its blackout, and the node's new state
     */
    @Descriptor("live-migrates every VM off a node (all or none, honouring every placement rule), then puts it"
            + " in maintenance")
    public String drainNode(@Descriptor("node name") String node) {
        DrainReport report = compute().drainNode(NodeId.of(node));
        StringBuilder out = new StringBuilder();
        out.append("drained ").append(node).append(": ").append(report.migrations().size()).append(" VM")
                .append(report.migrations().size() == 1 ? "" : "s").append(" moved; ").append(node)
                .append(" is in MAINTENANCE (fabric:exit-maintenance ").append(node).append(" resumes it)\n");
        if (!report.migrations().isEmpty()) {
            Table t = new Table("VM", "FROM", "TO", "ROUNDS", "SENT", "BLACKOUT", "TOTAL");
            for (MigrationReport m : report.migrations()) {
                t.row(m.vm(), m.from(), m.to(), m.rounds() == 0 ? "stopped" : m.rounds(),
                        ByteSize.ofBytes(m.transferredBytes()), Formats.duration(m.blackout()),
                        Formats.duration(m.duration()));
            }
            out.append(t.render(2));
        }
        return out.toString();
    }
}
