package fabric.sdn.internal.shell;

import fabric.shell.CommandAliases;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the hyphenated names of the {@link NetworkCommands} ({@code net:create-vnet} for
 * {@code createVnet}, and so on) as Gogo commands, one {@code Function} service per name, for as
 * long as the commands are there (Gogo 1.1 calls methods by name and Java names have no hyphens).
 */
@Component(service = {})
public final class NetworkCommandAliases {

    private final CommandAliases aliases;

    /**
     * @param commands the commands to name
     * @param context where to register the names
     */
    @Activate
    public NetworkCommandAliases(@Reference(name = "commands") ComponentServiceObjects<NetworkCommands> commands,
            BundleContext context) {
        this.aliases = CommandAliases.register(context, "net", NetworkCommands.class, commands);
    }

    @Deactivate
    void deactivate() {
        aliases.close();
    }
}
