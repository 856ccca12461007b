package fabric.s2d.internal.shell;

import fabric.shell.CommandAliases;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the hyphenated names of the {@link StorageCommands} ({@code storage:volume-create} for
 * {@code volumeCreate}, and so on) as Gogo commands, one {@code Function} service per name, for as long
 * as the commands are there. See {@link CommandAliases} for why. The commands are fetched for
 * each run only: registering their names activates nothing (in particular not the storage engine,
 * which opens every disk).
 */
@Component(service = {})
public final class StorageCommandAliases {

    private final CommandAliases aliases;

    /**
     * @param commands the commands to name
     * @param context where to register the names
     */
    @Activate
    public StorageCommandAliases(@Reference(name = "commands") ComponentServiceObjects<StorageCommands> commands,
            BundleContext context) {
        this.aliases = CommandAliases.register(context, "storage", StorageCommands.class, commands);
    }

    @Deactivate
    void deactivate() {
        aliases.close();
    }
}
