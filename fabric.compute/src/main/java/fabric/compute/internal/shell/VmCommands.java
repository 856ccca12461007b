package fabric.compute.internal.shell;

import fabric.api.compute.AvailabilitySetSpec;
import fabric.api.compute.AvailabilitySetStatus;
import fabric.api.compute.ComputeService;
import fabric.api.compute.NodeVerdict;
import fabric.api.compute.PlacementExplanation;
import fabric.api.compute.VmPriority;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.compute.internal.ComputeKeeper;
import fabric.shell.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code vm:} shell commands: create, look at, start, stop, move and explain VMs, and manage
 * availability sets. Each returns its report as text and throws {@link FabricException} with a
 * one-line message when refused. {@code avsetCreate} and {@code avsetList} are also
 * {@code vm:avset-create} and {@code vm:avset-list} (see {@link CommandAliases}).
 */
@Component(service = VmCommands.class)
@GogoCommand(scope = "vm", function = {"create", "list", "show", "start", "stop", "restart", "delete", "resize",
    "migrate", "explain", "avsetCreate", "avsetList"})
public final class VmCommands {

    private final Supplier<ComputeService> compute;

    /** @param keeper holds the compute service the commands drive */
    @Activate
    public VmCommands(@Reference(name = "compute") ComputeKeeper keeper) {
        Objects.requireNonNull(keeper, "keeper");
        this.compute = keeper::compute;
    }

    /** @param compute the service the commands drive, for use without a framework */
    VmCommands(ComputeService compute) {
        Objects.requireNonNull(compute, "compute");
        this.compute = () -> compute;
    }

    private ComputeService compute() {
        return compute.get();
    }

    /**
     * @return the new VM's status
     */
    @Descriptor("creates a VM, places it and starts it, e.g. vm:create web-1 --cpu 2 --mem 4g --avset web")
    public String create(
            @Descriptor("virtual processors") @Parameter(names = {"--cpu", "-c"}, absentValue = "1") String cpu,
            @Descriptor("memory, such as 4g or 512m") @Parameter(names = {"--mem", "-m"}, absentValue = "1g") String mem,
            @Descriptor("availability set") @Parameter(names = {"--avset", "-a"}, absentValue = "") String avset,
            @Descriptor("restart priority: high, medium or low") @Parameter(names = {"--priority", "-p"},
                    absentValue = "medium") String priority,
            @Descriptor("affinity group: its VMs share a node") @Parameter(names = {"--affinity"}, absentValue = "")
                    String affinity,
            @Descriptor("anti-affinity group: its VMs are on different nodes") @Parameter(names = {"--anti-affinity"},
                    absentValue = "") String antiAffinity,
            @Descriptor("volumes attached as disks, comma-separated") @Parameter(names = {"--disks"}, absentValue = "")
                    String disks,
            @Descriptor("network interfaces, comma-separated") @Parameter(names = {"--nics"}, absentValue = "")
                    String nics,
            @Descriptor("VM name") String name) {
        VmSpec spec = new VmSpec(name, Formats.count(cpu, "cpu"), Formats.memory(mem, "mem"), list(disks), list(nics),
                optional(avset), priority(priority), optional(affinity), optional(antiAffinity));
        return line(compute().create(spec));
    }

    /** @return every VM as a table */
    @Descriptor("lists every VM: node, state, vCPU, memory, availability set")
    public String list() {
        List<VmStatus> vms = compute().list();
        if (vms.isEmpty()) {
            return "no VMs\n";
        }
        Table t = new Table("NAME", "STATE", "NODE", "VCPU", "MEMORY", "AVSET", "FD/UD", "PRIORITY", "REASON");
        for (VmStatus s : vms) {
            t.row(s.name(), s.state(), s.node().map(NodeId::value).orElse("-"), s.spec().vcpus(), s.spec().memory(),
                    s.spec().availabilitySet().orElse("-"), s.faultDomain() < 0 ? "-" : s.faultDomain() + "/"
                    + s.updateDomain(), s.spec().priority().name().toLowerCase(Locale.ROOT), s.reason());
        }
        return t.render(0);
    }

    /**
     * @param name a VM
     * @return the VM in full
     */
    @Descriptor("shows one VM in full")
    public String show(@Descriptor("VM name") String name) {
        VmStatus s = compute().get(name);
        VmSpec spec = s.spec();
        StringBuilder out = new StringBuilder();
        out.append("vm ").append(name).append('\n');
        out.append("  state      ").append(s.state()).append(" since ").append(s.since())
                .append(s.reason().isEmpty() ? "" : " (" + s.reason() + ")").append('\n');
        out.append("  node       ").append(s.node().map(NodeId::value).orElse("-")).append('\n');
        out.append("  size       ").append(spec.vcpus()).append(" vCPU, ").append(spec.memory()).append('\n');
        out.append("  avset      ").append(spec.availabilitySet().map(a -> a + " (fault domain " + s.faultDomain()
                + ", update domain " + s.updateDomain() + ")").orElse("-")).append('\n');
        out.append("  priority   ").append(spec.priority().name().toLowerCase(Locale.ROOT)).append('\n');
        out.append("  affinity   ").append(spec.affinityGroup().orElse("-")).append("; anti-affinity ")
                .append(spec.antiAffinityGroup().orElse("-")).append('\n');
        out.append("  disks      ").append(spec.disks().isEmpty() ? "-" : String.join(", ", spec.disks())).append('\n');
        out.append("  nics       ").append(spec.nics().isEmpty() ? "-" : String.join(", ", spec.nics())).append('\n');
        compute().endpoint(name).ifPresent(e -> e.devices().forEach(d -> {
            String about = d.describe();
            out.append("  ").append(d.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(d.name())
                    .append(about.isEmpty() ? "" : ": " + about).append('\n');
        }));
        return out.toString();
    }

    /** @param name a VM @return its status */
    @Descriptor("starts a stopped VM on its node, or a failed one wherever it fits")
    public String start(@Descriptor("VM name") String name) {
        return line(compute().start(name));
    }

    /** @param name a VM @return its status */
    @Descriptor("shuts a running VM down; it keeps its node")
    public String stop(@Descriptor("VM name") String name) {
        return line(compute().stop(name));
    }

    /** @param name a VM @return its status */
    @Descriptor("stops and starts a running VM")
    public String restart(@Descriptor("VM name") String name) {
        return line(compute().restart(name));
    }

    /** @param name a VM @return what was done */
    @Descriptor("deletes a stopped or failed VM")
    public String delete(@Descriptor("VM name") String name) {
        compute().delete(name);
        return "vm " + name + " deleted\n";
    }

    /** @return the VM's status */
    @Descriptor("gives a stopped VM a new size, e.g. vm:resize web-1 --cpu 4 --mem 8g")
    public String resize(
            @Descriptor("virtual processors") @Parameter(names = {"--cpu", "-c"}, absentValue = "") String cpu,
            @Descriptor("memory, such as 8g") @Parameter(names = {"--mem", "-m"}, absentValue = "") String mem,
            @Descriptor("VM name") String name) {
        VmSpec now = compute().get(name).spec();
        int vcpus = cpu.isEmpty() ? now.vcpus() : Formats.count(cpu, "cpu");
        ByteSize memory = mem.isEmpty() ? now.memory() : Formats.memory(mem, "mem");
        return line(compute().resize(name, vcpus, memory));
    }

    /** @param name a VM @return the migration */
    @Descriptor("live-migrates a VM to the node placement chooses")
    public String migrate(@Descriptor("VM name") String name) {
        return Formats.migration(compute().migrate(name, Optional.empty())) + "\n";
    }

    /** @param name a VM @param node a node @return the migration */
    @Descriptor("live-migrates a VM to a given node")
    public String migrate(@Descriptor("VM name") String name, @Descriptor("target node") String node) {
        return Formats.migration(compute().migrate(name, Optional.of(NodeId.of(node)))) + "\n";
    }

    /** @param name a VM @return every node with its verdict */
    @Descriptor("explains where placement would put a VM now: each node rejected with the reason, or ranked")
    public String explain(@Descriptor("VM name") String name) {
        PlacementExplanation why = compute().explain(name);
        Table t = new Table("NODE", "VERDICT", "SET MEMBERS", "OTHER UD", "FREE");
        for (NodeVerdict v : why.nodes()) {
            if (v.eligible()) {
                t.row(v.node(), "rank " + v.rank() + (v.rank() == 1 ? " (chosen)" : ""), v.setMembers(),
                        v.updateDomainConflicts(), String.format(Locale.ROOT, "%.1f%%", 100 * v.freeShare()));
            } else {
                t.row(v.node(), "rejected: " + v.rejection(), "", "", "");
            }
        }
        return "vm " + name + ": " + why.chosen().map(n -> "placement picks " + n).orElse("no node can take it")
                + " (ranked by fewest set members, then fewest in other update domains, then most free)\n"
                + t.render(2);
    }

    /** @return the new set */
    @Descriptor("creates an availability set, e.g. vm:avset-create web --fault-domains 3")
    public String avsetCreate(
            @Descriptor("fault domains (nodes) to spread over") @Parameter(names = {"--fault-domains", "-f"},
                    absentValue = "2") String faultDomains,
            @Descriptor("update domains to cycle through") @Parameter(names = {"--update-domains", "-u"},
                    absentValue = "5") String updateDomains,
            @Descriptor("set name") String name) {
        AvailabilitySetStatus s = compute().createAvailabilitySet(new AvailabilitySetSpec(name,
                Formats.count(faultDomains, "fault-domains"), Formats.count(updateDomains, "update-domains")));
        return "availability set " + s.spec().name() + ": " + s.spec().faultDomains() + " fault domains, "
                + s.spec().updateDomains() + " update domains\n";
    }

    /** @return every set as a table */
    @Descriptor("lists the availability sets with their members per node")
    public String avsetList() {
        List<AvailabilitySetStatus> sets = compute().availabilitySets();
        if (sets.isEmpty()) {
            return "no availability sets\n";
        }
        Table t = new Table("NAME", "FD", "UD", "MEMBERS", "PER NODE");
        for (AvailabilitySetStatus s : sets) {
            StringBuilder perNode = new StringBuilder();
            s.membersPerNode().forEach((node, n) -> perNode.append(perNode.length() == 0 ? "" : ", ").append(node)
                    .append('=').append(n));
            t.row(s.spec().name(), s.spec().faultDomains(), s.spec().updateDomains(), s.members().size(),
                    perNode.length() == 0 ? "-" : perNode);
        }
        return t.render(0);
    }

    private static String line(VmStatus s) {
        return "vm " + s.name() + ": " + s.state() + s.node().map(n -> " on " + n).orElse("") + " ("
                + s.spec().vcpus() + " vCPU, " + s.spec().memory()
                + s.spec().availabilitySet().map(a -> ", avset " + a + " fd " + s.faultDomain() + " ud "
                        + s.updateDomain()).orElse("") + ")" + (s.reason().isEmpty() ? "" : " " + s.reason()) + "\n";
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated.isBlank() ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::strip).toList();
    }

    private static Optional<String> optional(String name) {
        return name.isBlank() ? Optional.empty() : Optional.of(name.strip());
    }

    private static VmPriority priority(String text) {
        try {
            return VmPriority.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("priority", "'" + text + "' is not high, medium or low");
        }
    }
}
