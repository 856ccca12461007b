package fabric.cluster.internal.shell;

import fabric.api.core.FabricException;
import fabric.api.core.Violation;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.TopologyParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code fabric:validate FILE}: checks a topology file without touching the running fabric. Needs
 * only the parser, so it works even when the fabric's own topology file is broken.
 */
@Component(service = ValidateCommand.class)
@GogoCommand(scope = "fabric", function = "validate")
public final class ValidateCommand {

    private final TopologyParser parser;

    /** @param parser the topology parser */
    @Activate
    public ValidateCommand(@Reference(name = "parser") TopologyParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * Checks a topology file. For an invalid file, prints every problem on the shell's output, then
     * fails with a one-line summary.
     *
     * @param file the file
     * @return {@code OK} and what the file declares
     * @throws FabricException {@code INVALID_ARGUMENT} when the file is invalid or unreadable
     */
    @Descriptor("checks a topology file and lists every problem in it")
    public String validate(@Descriptor("topology file") String file) {
        return validate(file, System.out);
    }

    /**
     * @param file the file
     * @param out where to list the problems of an invalid file
     * @return {@code OK} and what the file declares
     */
    String validate(String file, PrintStream out) {
        RegionSpec region;
        try {
            region = parser.read(Path.of(file));
        } catch (FabricException e) {
            if (e.violations().size() > 1) {
                out.println("INVALID: " + file + ": " + e.violations().size() + " problems");
                for (Violation v : e.violations()) {
                    out.println("  " + v);
                }
                out.flush();
            }
            throw e;
        }
        return "OK: " + file + ": region " + region.name() + ", " + count(region.stamps().size(), "stamp") + ", "
                + count(region.scaleUnits().size(), "scale unit") + ", " + count(region.nodes().size(), "node");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
