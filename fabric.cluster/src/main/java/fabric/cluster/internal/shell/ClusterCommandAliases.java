package fabric.cluster.internal.shell;

import fabric.shell.CommandAliases;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the hyphenated names of the {@link ClusterCommands} ({@code fabric:fail-node} for
 * {@code failNode}, and so on) as Gogo commands, one {@code Function} service per name, for as long
 * as the commands are there. See {@link CommandAliases} for why. The commands are fetched for
 * each run only: registering their names activates nothing (in particular not the topology, whose
 * file a launcher checks first).
 */
@Component(service = {})
public final class ClusterCommandAliases {

    private final CommandAliases aliases;

    /**
     * @param commands the commands to name
     * @param context where to register the names
     */
    @Activate
    public ClusterCommandAliases(@Reference(name = "commands") ComponentServiceObjects<ClusterCommands> commands,
            BundleContext context) {
        this.aliases = CommandAliases.register(context, "fabric", ClusterCommands.class, commands);
    }

    @Deactivate
    void deactivate() {
        aliases.close();
    }
}
