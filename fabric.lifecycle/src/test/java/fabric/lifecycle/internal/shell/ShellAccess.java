package fabric.lifecycle.internal.shell;

import fabric.api.lifecycle.LifecycleService;
import fabric.api.topology.Topology;

/** Test access to the commands' package-private overloads. */
public final class ShellAccess {

    private ShellAccess() {
    }

    /** @param lifecycle the service @return the oem: commands */
    public static OemAccess oem(LifecycleService lifecycle) {
        return new OemAccess(new OemCommands(lifecycle));
    }

    /** @param lifecycle the service @param topology the topology @return the update: commands */
    public static UpdateCommands update(LifecycleService lifecycle, Topology topology) {
        return new UpdateCommands(lifecycle, topology);
    }

    /** The oem: commands with the printing overload of validate. */
    public record OemAccess(OemCommands commands) {
        /** See OemCommands#validate(String, String, String, java.io.PrintStream). */
        public String validate(String file, String node, String baseline, java.io.PrintStream out) {
            return commands.validate(file, node, baseline, out);
        }
    }
}
