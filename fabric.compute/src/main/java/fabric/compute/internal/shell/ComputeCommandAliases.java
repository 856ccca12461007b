package fabric.compute.internal.shell;

import fabric.shell.CommandAliases;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the hyphenated names of compute's commands ({@code vm:avset-create}, {@code vm:avset-list},
 * {@code fabric:drain-node}) as Gogo commands, one {@code Function} service each, for as long as the
 * commands are there. The commands are fetched for each run only.
 */
@Component(service = {})
public final class ComputeCommandAliases {

    private final CommandAliases vm;
    private final CommandAliases drain;

    /**
     * @param vm the {@code vm:} commands
     * @param drain the {@code fabric:drain-node} command
     * @param context where to register the names
     */
    @Activate
    public ComputeCommandAliases(@Reference(name = "vm") ComponentServiceObjects<VmCommands> vm,
            @Reference(name = "drain") ComponentServiceObjects<DrainCommand> drain, BundleContext context) {
        this.vm = CommandAliases.register(context, "vm", VmCommands.class, vm);
        this.drain = CommandAliases.register(context, "fabric", DrainCommand.class, drain);
    }

    @Deactivate
    void deactivate() {
        vm.close();
        drain.close();
    }
}
