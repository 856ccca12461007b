package fabric.shell;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * The hyphenated names of a commands component ({@code storage:volume-create} for
 * {@code volumeCreate}, and so on) registered as Gogo commands, one {@link Function} service per
 * name, until {@link #close()}. See {@link HyphenatedCommand} for why. The commands object is fetched
 * for each run only, so registering the names activates nothing.
 */
public final class CommandAliases implements AutoCloseable {

    private final List<ServiceRegistration<Function>> registrations = new ArrayList<>();

    private CommandAliases() {
    }

    /**
     * @param <T> the commands type
     * @param context where to register the names
     * @param scope the commands' scope, such as {@code storage}
     * @param type the commands class
     * @param commands the commands component's service objects
     * @return the registrations, to close when the commands go
     */
    public static <T> CommandAliases register(BundleContext context, String scope, Class<T> type,
            ComponentServiceObjects<T> commands) {
        HyphenatedCommand.Source source = new HyphenatedCommand.Source() {
            @Override
            public Object acquire() {
                return commands.getService();
            }

            @Override
            public void release(Object service) {
                commands.ungetService(type.cast(service));
            }
        };
        CommandAliases aliases = new CommandAliases();
        for (HyphenatedCommand command : HyphenatedCommand.forCamelCaseMethods(scope, type, source)) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(CommandProcessor.COMMAND_SCOPE, command.scope());
            properties.put(CommandProcessor.COMMAND_FUNCTION, command.function());
            aliases.registrations.add(context.registerService(Function.class, command, properties));
        }
        return aliases;
    }

    /** Unregisters every name; names already gone with the bundle are skipped. */
    @Override
    public void close() {
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
