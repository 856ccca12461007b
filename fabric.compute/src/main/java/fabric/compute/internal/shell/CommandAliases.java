package fabric.compute.internal.shell;

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
 * Registers the hyphenated names of compute's commands ({@code vm:avset-create}, {@code vm:avset-list},
 * {@code fabric:drain-node}) as Gogo commands, one {@link Function} service each, for as long as the
 * commands are there. The commands are fetched for each run only.
 */
@Component(service = {})
public final class CommandAliases {

    private final List<ServiceRegistration<Function>> registrations = new ArrayList<>();

    /**
     * @param vm the {@code vm:} commands
     * @param drain the {@code fabric:drain-node} command
     * @param context where to register the names
     */
    @Activate
    public CommandAliases(@Reference(name = "vm") ComponentServiceObjects<VmCommands> vm,
            @Reference(name = "drain") ComponentServiceObjects<DrainCommand> drain, BundleContext context) {
        register(context, "vm", "avsetCreate", source(vm));
        register(context, "vm", "avsetList", source(vm));
        register(context, "fabric", "drainNode", source(drain));
    }

    private static <T> HyphenatedCommand.Source source(ComponentServiceObjects<T> objects) {
        return new HyphenatedCommand.Source() {
            @Override
            public Object acquire() {
                return objects.getService();
            }

            @Override
            @SuppressWarnings("unchecked")
            public void release(Object commands) {
                objects.ungetService((T) commands);
            }
        };
    }

    private void register(BundleContext context, String scope, String method, HyphenatedCommand.Source source) {
        HyphenatedCommand command = new HyphenatedCommand(source, scope, method);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CommandProcessor.COMMAND_SCOPE, command.scope());
        properties.put(CommandProcessor.COMMAND_FUNCTION, command.function());
        registrations.add(context.registerService(Function.class, command, properties));
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
