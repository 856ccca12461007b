package fabric.lifecycle.internal.shell;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.lifecycle.DrainPolicy;
import fabric.api.lifecycle.HookRegistration;
import fabric.api.lifecycle.RunEvent;
import fabric.api.lifecycle.RunSettings;
import fabric.api.lifecycle.RunStatus;
import fabric.api.lifecycle.UpdateRunService;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.Topology;
import fabric.shell.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code update:} commands of rolling update runs: start one, follow it with a progress bar,
 * pause, resume, cancel, and its history from the journal. The package files are read from
 * {@code --packages DIR}, else the framework property {@value #FIRMWARE_PROPERTY}, else
 * {@code <fabric.data>/firmware}.
 */
@Component(service = RunCommands.class)
@GogoCommand(scope = "update", function = {"run", "status", "pause", "resume", "cancel", "history", "hooks"})
public final class RunCommands {

    /** The framework property naming the default package directory. */
    public static final String FIRMWARE_PROPERTY = "fabric.firmware";

    private static final int BAR = 30;

    private final UpdateRunService runs;
    private final Topology topology;
    private final String defaultPackages;

    /**
     * @param runs the update runs
     * @param topology for the default scale unit
     * @param context for the default package directory
     */
    @Activate
    public RunCommands(@Reference(name = "runs") UpdateRunService runs, @Reference(name = "topology") Topology topology,
            BundleContext context) {
        this(runs, topology, defaultPackages(context.getProperty(FIRMWARE_PROPERTY), context.getProperty("fabric.data")));
    }

    RunCommands(UpdateRunService runs, Topology topology, String defaultPackages) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.defaultPackages = defaultPackages;
    }

    static String defaultPackages(String firmware, String data) {
        if (firmware != null && !firmware.isBlank()) {
            return firmware.strip();
        }
        return Path.of(data == null || data.isBlank() ? "fabric-data" : data.strip(), "firmware").toString();
    }

    private ScaleUnitId onlyScaleUnit() {
        List<ScaleUnitSpec> all = topology.region().scaleUnits();
        if (all.size() != 1) {
            throw FabricException.invalid("scale unit", "the region has " + all.size() + " scale units; name one");
        }
        return all.get(0).id();
    }

    /** @return the run as it starts */
    @Descriptor("starts a rolling update of the only scale unit to each model's newest baseline")
    public String run(
            @Descriptor("directory of the .fwpkg files") @Parameter(names = {"--packages", "-p"}, absentValue = "")
                    String packages,
            @Descriptor("nodes that may fail before the run stops") @Parameter(names = {"--max-failed"},
                    absentValue = "0") String maxFailed,
            @Descriptor("times a failed step is tried again") @Parameter(names = {"--retries"}, absentValue = "1")
                    String retries,
            @Descriptor("node order, comma-separated (default: the topology's)") @Parameter(names = {"--order"},
                    absentValue = "") String order,
            @Descriptor("reboot timeout, such as PT30M") @Parameter(names = {"--reboot-timeout"},
                    absentValue = "PT30M") String rebootTimeout,
            @Descriptor("stop the VMs a drain cannot move instead of failing the node") @Parameter(names = {
                    "--force-drain"}, absentValue = "false", presentValue = "true") boolean force,
            @Descriptor("hooks called before each node's update, comma-separated") @Parameter(names = {
                    "--pre-hooks"}, absentValue = "") String preHooks,
            @Descriptor("hooks called after each node's update, comma-separated") @Parameter(names = {
                    "--post-hooks"}, absentValue = "") String postHooks,
            @Descriptor("how long one hook call may take, such as PT10M") @Parameter(names = {"--hook-timeout"},
                    absentValue = "PT10M") String hookTimeout) {
        return run(packages, maxFailed, retries, order, rebootTimeout, force, preHooks, postHooks, hookTimeout,
                onlyScaleUnit().value(), null);
    }

    /** @return the run as it starts */
    @Descriptor("starts a rolling update of a scale unit to each model's newest baseline")
    public String run(
            @Descriptor("directory of the .fwpkg files") @Parameter(names = {"--packages", "-p"}, absentValue = "")
                    String packages,
            @Descriptor("nodes that may fail before the run stops") @Parameter(names = {"--max-failed"},
                    absentValue = "0") String maxFailed,
            @Descriptor("times a failed step is tried again") @Parameter(names = {"--retries"}, absentValue = "1")
                    String retries,
            @Descriptor("node order, comma-separated (default: the topology's)") @Parameter(names = {"--order"},
                    absentValue = "") String order,
            @Descriptor("reboot timeout, such as PT30M") @Parameter(names = {"--reboot-timeout"},
                    absentValue = "PT30M") String rebootTimeout,
            @Descriptor("stop the VMs a drain cannot move instead of failing the node") @Parameter(names = {
                    "--force-drain"}, absentValue = "false", presentValue = "true") boolean force,
            @Descriptor("hooks called before each node's update, comma-separated") @Parameter(names = {
                    "--pre-hooks"}, absentValue = "") String preHooks,
            @Descriptor("hooks called after each node's update, comma-separated") @Parameter(names = {
                    "--post-hooks"}, absentValue = "") String postHooks,
            @Descriptor("how long one hook call may take, such as PT10M") @Parameter(names = {"--hook-timeout"},
                    absentValue = "PT10M") String hookTimeout,
            @Descriptor("scale unit name") String scaleUnit) {
        return run(packages, maxFailed, retries, order, rebootTimeout, force, preHooks, postHooks, hookTimeout, scaleUnit,
                null);
    }

    /** @return the run as it starts */
    @Descriptor("starts a rolling update of a scale unit to a certified baseline, one node at a time")
    public String run(
            @Descriptor("directory of the .fwpkg files") @Parameter(names = {"--packages", "-p"}, absentValue = "")
                    String packages,
            @Descriptor("nodes that may fail before the run stops") @Parameter(names = {"--max-failed"},
                    absentValue = "0") String maxFailed,
            @Descriptor("times a failed step is tried again") @Parameter(names = {"--retries"}, absentValue = "1")
                    String retries,
            @Descriptor("node order, comma-separated (default: the topology's)") @Parameter(names = {"--order"},
                    absentValue = "") String order,
            @Descriptor("reboot timeout, such as PT30M") @Parameter(names = {"--reboot-timeout"},
                    absentValue = "PT30M") String rebootTimeout,
            @Descriptor("stop the VMs a drain cannot move instead of failing the node") @Parameter(names = {
                    "--force-drain"}, absentValue = "false", presentValue = "true") boolean force,
            @Descriptor("hooks called before each node's update, comma-separated") @Parameter(names = {
                    "--pre-hooks"}, absentValue = "") String preHooks,
            @Descriptor("hooks called after each node's update, comma-separated") @Parameter(names = {
                    "--post-hooks"}, absentValue = "") String postHooks,
            @Descriptor("how long one hook call may take, such as PT10M") @Parameter(names = {"--hook-timeout"},
                    absentValue = "PT10M") String hookTimeout,
            @Descriptor("scale unit name") String scaleUnit,
            @Descriptor("baseline name, such as 24.07") String baseline) {
        List<NodeId> nodes = new ArrayList<>();
        for (String n : order.split(",")) {
            if (!n.isBlank()) {
                nodes.add(NodeId.of(n.strip()));
            }
        }
        Duration timeout = duration(rebootTimeout, "--reboot-timeout", "PT30M");
        Duration perHook = duration(hookTimeout, "--hook-timeout", "PT10M");
        RunSettings settings = new RunSettings(count(maxFailed, "--max-failed"), count(retries, "--retries"), nodes,
                timeout, force ? DrainPolicy.FORCE : DrainPolicy.ABORT, packages.isBlank() ? defaultPackages : packages,
                names(preHooks), names(postHooks), perHook);
        return line(runs.start(ScaleUnitId.of(scaleUnit), baseline, settings));
    }

    private static Duration duration(String text, String option, String example) {
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw FabricException.invalid(option, "'" + text + "' is not a duration such as " + example);
        }
    }

    private static List<String> names(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String n : commaSeparated.split(",")) {
            if (!n.isBlank()) {
                out.add(n.strip());
            }
        }
        return out;
    }

    /** @return every registered hook */
    @Descriptor("lists the registered update hooks (services of fabric.api.lifecycle.UpdateHook) by name")
    public String hooks() {
        List<HookRegistration> all = runs.hooks();
        if (all.isEmpty()) {
            return "no update hook is registered\n";
        }
        Table t = new Table("HOOK", "BUNDLE", "SERVICE");
        for (HookRegistration h : all) {
            t.row(h.name(), h.bundle(), Long.toString(h.serviceId()));
        }
        return t.render(0);
    }

    private static int count(String text, String option) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw FabricException.invalid(option, "'" + text + "' is not a count (0 or more)");
    }

    /** @return the run with a progress bar */
    @Descriptor("shows the current or last update run with a progress bar")
    public String status() {
        return runs.status().map(RunCommands::line).orElse("no update run was started\n");
    }

    /** @return the paused run */
    @Descriptor("pauses the update run at the next step boundary")
    public String pause() {
        return line(runs.pause());
    }

    /** @return the resumed run */
    @Descriptor("resumes a paused update run")
    public String resume() {
        return line(runs.resume());
    }

    /** @return the cancelled run */
    @Descriptor("cancels the update run at the next step boundary; a node out stays in maintenance")
    public String cancel() {
        return line(runs.cancel());
    }

    /** @return the last 50 transitions */
    @Descriptor("lists the last 50 transitions of update runs, from the journal")
    public String history() {
        return history("50");
    }

    /**
     * @param count how many
     * @return the last transitions
     */
    @Descriptor("lists the last transitions of update runs, from the journal")
    public String history(@Descriptor("how many") String count) {
        int n = count(count, "count");
        if (n == 0) {
            throw FabricException.invalid("count", "must be positive");
        }
        StringBuilder out = new StringBuilder();
        for (RunEvent e : runs.history(n)) {
            out.append(e.time()).append(' ').append(e.runId()).append(' ').append(e.text()).append('\n');
        }
        return out.length() == 0 ? "no update run was started\n" : out.toString();
    }

    static String line(RunStatus s) {
        int filled = s.nodesTotal() == 0 ? 0 : s.nodesDone() * BAR / s.nodesTotal();
        StringBuilder out = new StringBuilder();
        out.append(s.runId()).append(' ').append(s.state()).append(" [").append("#".repeat(filled))
                .append("-".repeat(BAR - filled)).append("] ").append(s.nodesDone()).append('/').append(s.nodesTotal())
                .append(" nodes, ").append(s.stepsDone()).append('/').append(s.stepsPlanned())
                .append(" steps planned so far, scale unit ").append(s.scaleUnit()).append(", baseline ")
                .append(s.baseline() == null ? "(newest)" : s.baseline()).append('\n');
        if (!s.node().isEmpty()) {
            out.append("  now: ").append(s.node()).append(", step ").append(s.step()).append('\n');
        }
        if (!s.detail().isEmpty()) {
            out.append("  ").append(s.detail()).append('\n');
        }
        for (String f : s.failedNodes()) {
            out.append("  failed: ").append(f).append('\n');
        }
        return out.toString();
    }
}
