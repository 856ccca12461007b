package fabric.set.internal.shell;

import fabric.shell.CommandAliases;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the hyphenated names of the {@link TeamCommands} ({@code team:fail-nic} for
 * {@code failNic}, and so on) as Gogo commands, one {@code Function} service per name, for as
 * long as the commands are there (Gogo 1.1 calls methods by name and Java names have no hyphens).
 */
@Component(service = {})
public final class TeamCommandAliases {

    private final CommandAliases aliases;

    /**
     * @param commands the commands to name
     * @param context where to register the names
     */
    @Activate
    public TeamCommandAliases(@Reference(name = "commands") ComponentServiceObjects<TeamCommands> commands,
            BundleContext context) {
        this.aliases = CommandAliases.register(context, "team", TeamCommands.class, commands);
    }

    @Deactivate
    void deactivate() {
        aliases.close();
    }
}
