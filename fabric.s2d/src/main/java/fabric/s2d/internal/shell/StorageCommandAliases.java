package fabric.s2d.internal.shell;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the hyphenated names of the {@link StorageCommands} ({@code storage:volume-create} for
 * {@code volumeCreate}, and so on) as Gogo commands, one {@link Function} service per name, for as long
 * as the commands are there. See {@link HyphenatedCommand} for why. The commands are fetched for
 * each run only: registering their names activates nothing (in particular not the storage engine,
 * which opens every disk).
 */
@Component(service = {})
public final class StorageCommandAliases {

    private final List<ServiceRegistration<Function>> registrations = new ArrayList<>();

    /**
     * @param commands the commands to name
     * @param context where to register the names
     */
    @Activate
    public StorageCommandAliases(@Reference(name = "commands") ComponentServiceObjects<StorageCommands> commands,
            BundleContext context) {
        HyphenatedCommand.Source source = new HyphenatedCommand.Source() {
            @Override
            public Object acquire() {
                return commands.getService();
            }

            @Override
            public void release(Object service) {
                commands.ungetService((StorageCommands) service);
            }
        };
        for (HyphenatedCommand command : HyphenatedCommand.forCamelCaseMethods("storage", StorageCommands.class,
                source)) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(CommandProcessor.COMMAND_SCOPE, command.scope());
            properties.put(CommandProcessor.COMMAND_FUNCTION, command.function());
            registrations.add(context.registerService(Function.class, command, properties));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<Function> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
        registrations.clear();
    }
}
