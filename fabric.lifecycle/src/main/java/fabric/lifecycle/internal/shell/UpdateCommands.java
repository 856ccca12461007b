package fabric.lifecycle.internal.shell;

import fabric.api.core.FabricException;
import fabric.api.core.ScaleUnitId;
import fabric.api.lifecycle.ComplianceReport;
import fabric.api.lifecycle.ComponentCompliance;
import fabric.api.lifecycle.LifecycleService;
import fabric.api.lifecycle.NodeCompliance;
import fabric.api.lifecycle.NodePlan;
import fabric.api.lifecycle.PlannedStep;
import fabric.api.lifecycle.UpdatePlan;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.Topology;
import fabric.shell.Table;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code update:} shell commands of this release: compliance with a certified baseline and the
 * dry-run plan. Both only read. Without a scale unit they use the region's only one.
 */
@Component(service = UpdateCommands.class)
@GogoCommand(scope = "update", function = {"compliance", "plan"})
public final class UpdateCommands {

    private final LifecycleService lifecycle;
    private final Topology topology;

    /**
     * @param lifecycle the lifecycle service
     * @param topology the topology, for the default scale unit
     */
    @Activate
    public UpdateCommands(@Reference(name = "lifecycle") LifecycleService lifecycle,
            @Reference(name = "topology") Topology topology) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.topology = Objects.requireNonNull(topology, "topology");
    }

    private ScaleUnitId onlyScaleUnit() {
        List<ScaleUnitSpec> all = topology.region().scaleUnits();
        if (all.size() != 1) {
            throw FabricException.invalid("scale unit", "the region has " + all.size() + " scale units; name one");
        }
        return all.get(0).id();
    }

    /** @return the compliance of the only scale unit with each model's newest baseline */
    @Descriptor("shows each node and component against its model's newest certified baseline")
    public String compliance() {
        return compliance(onlyScaleUnit().value(), null);
    }

    /**
     * @param scaleUnit a scale unit
     * @return its compliance with each model's newest baseline
     */
    @Descriptor("shows each node and component of a scale unit against its model's newest certified baseline")
    public String compliance(@Descriptor("scale unit name") String scaleUnit) {
        return compliance(scaleUnit, null);
    }

    /**
     * @param scaleUnit a scale unit
     * @param baseline a baseline name
     * @return its compliance with that baseline
     */
    @Descriptor("shows each node and component of a scale unit against a certified baseline")
    public String compliance(@Descriptor("scale unit name") String scaleUnit,
            @Descriptor("baseline name, such as 24.07") String baseline) {
        ComplianceReport r = lifecycle.compliance(ScaleUnitId.of(scaleUnit), baseline);
        StringBuilder out = new StringBuilder();
        out.append(r.scaleUnit()).append(": ").append(r.status()).append(" against ")
                .append(baseline == null ? "each model's newest baseline" : "baseline " + baseline).append('\n');
        for (NodeCompliance n : r.nodes()) {
            out.append(n.node()).append("  ").append(n.vendor()).append(' ').append(n.model()).append("  ")
                    .append(n.status()).append(n.baseline() == null ? "" : " (baseline " + n.baseline() + ")")
                    .append(n.detail().isEmpty() ? "" : ": " + n.detail()).append('\n');
            if (n.components().isEmpty()) {
                continue;
            }
            Table t = new Table("COMPONENT", "INSTALLED", "TARGET", "STATUS", "STAGED", "WHY");
            for (ComponentCompliance c : n.components()) {
                String status = c.incompatibility() == null ? c.status().name() : c.status() + " ("
                        + c.incompatibility().name().toLowerCase().replace('_', ' ') + ")";
                t.row(c.componentId(), c.installed() == null ? "-" : c.installed(), c.target() == null ? "-"
                        : c.target(), status, c.staged() ? "staged" : "not staged", c.detail());
            }
            out.append(t.render(2));
        }
        return out.toString();
    }

    /**
     * @param preHooks the hooks a run would call before each node, comma-separated
     * @param postHooks the hooks a run would call after each node, comma-separated
     * @return the dry-run plan of the only scale unit to each model's newest baseline
     */
    @Descriptor("dry run: the ordered update of the scale unit to each model's newest baseline; changes nothing")
    public String plan(
            @Descriptor("hooks a run would call before each node, comma-separated") @Parameter(names = {"--pre-hooks"},
                    absentValue = "") String preHooks,
            @Descriptor("hooks a run would call after each node, comma-separated") @Parameter(names = {"--post-hooks"},
                    absentValue = "") String postHooks) {
        return plan(preHooks, postHooks, onlyScaleUnit().value(), null);
    }

    /**
     * @param preHooks the hooks a run would call before each node, comma-separated
     * @param postHooks the hooks a run would call after each node, comma-separated
     * @param scaleUnit a scale unit
     * @return its dry-run plan to each model's newest baseline
     */
    @Descriptor("dry run: the ordered update of a scale unit to each model's newest baseline; changes nothing")
    public String plan(
            @Descriptor("hooks a run would call before each node, comma-separated") @Parameter(names = {"--pre-hooks"},
                    absentValue = "") String preHooks,
            @Descriptor("hooks a run would call after each node, comma-separated") @Parameter(names = {"--post-hooks"},
                    absentValue = "") String postHooks,
            @Descriptor("scale unit name") String scaleUnit) {
        return plan(preHooks, postHooks, scaleUnit, null);
    }

    private static List<String> names(String commaSeparated) {
        List<String> out = new java.util.ArrayList<>();
        for (String n : commaSeparated.split(",")) {
            if (!n.isBlank()) {
                out.add(n.strip());
            }
        }
        return out;
    }

    /** @return where a step's estimate comes from, in one word */
    static String basis(PlannedStep s) {
        return switch (s.basis()) {
            case MEASURED -> "measured";
            case VENDOR -> "vendor";
            case SETTING -> "setting";
            case NONE -> s.estimate() == null ? "-" : "check";
        };
    }

    /**
     * @param preHooks the hooks a run would call before each node, comma-separated
     * @param postHooks the hooks a run would call after each node, comma-separated
     * @param scaleUnit a scale unit
     * @param baseline a baseline name
     * @return its dry-run plan to that baseline
     */
    @Descriptor("dry run: the ordered update of a scale unit to a baseline, one node at a time; changes nothing")
    public String plan(
            @Descriptor("hooks a run would call before each node, comma-separated") @Parameter(names = {"--pre-hooks"},
                    absentValue = "") String preHooks,
            @Descriptor("hooks a run would call after each node, comma-separated") @Parameter(names = {"--post-hooks"},
                    absentValue = "") String postHooks,
            @Descriptor("scale unit name") String scaleUnit,
            @Descriptor("baseline name, such as 24.07") String baseline) {
        UpdatePlan p = lifecycle.plan(ScaleUnitId.of(scaleUnit), baseline, names(preHooks), names(postHooks));
        StringBuilder out = new StringBuilder();
        out.append("DRY RUN: ").append(p.scaleUnit()).append(" to ").append(baseline == null
                ? "each model's newest baseline" : "baseline " + baseline).append(", one node at a time; nothing"
                        + " changes\n");
        for (NodePlan n : p.nodes()) {
            if (!n.skipped().isEmpty()) {
                out.append(n.node()).append(": skipped: ").append(n.skipped()).append('\n');
                continue;
            }
            out.append(n.node()).append(" to ").append(n.baseline()).append(", estimated ")
                    .append(human(n.estimate())).append('\n');
            Table t = new Table("#", "PHASE", "ACTION", "ESTIMATE", "FROM", "WHY");
            for (PlannedStep s : n.steps()) {
                t.row(s.index(), s.phase(), s.action(), s.estimate() == null ? "not estimated" : human(s.estimate()),
                        basis(s), s.reason());
            }
            out.append(t.render(2));
        }
        out.append("estimated total: ").append(human(p.estimate()));
        if (!p.notEstimated().isEmpty()) {
            out.append(", not counting:\n");
            for (String s : p.notEstimated()) {
                out.append("  - ").append(s).append('\n');
            }
        } else {
            out.append('\n');
        }
        return out.toString();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
    }
}
