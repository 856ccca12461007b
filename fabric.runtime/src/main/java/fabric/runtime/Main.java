package fabric.runtime;

import fabric.api.core.FabricException;
import fabric.api.core.Violation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The command line behind {@code ./fabric}: starts the embedded fabric and either opens the Gogo
 * shell or runs the commands given with {@code -c} and exits.
 *
 * <p>Exit status: 0 when every command succeeded, 1 when a command failed, 2 for a usage error or a
 * fabric that did not start.
 */
public final class Main {

    static final String USAGE = """
            usage: fabric [--topology FILE] [--data DIR] [--reset] [-c "cmd1; cmd2"]
              (no -c)          start the fabric and open the Gogo shell ('help' lists commands, 'exit 0' or Ctrl-D leaves)
              -c COMMANDS      run Gogo commands, print their output, exit 0, or 1 at the first failure
              --topology FILE  the topology file (default: the demo 4-node scale unit)
              --data DIR       where the fabric keeps its state (default: ./fabric-data)
              --reset          delete the data directory first
            """;

    private Main() {
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path topology = null;
        Path data = Path.of("fabric-data");
        String commands = null;
        boolean reset = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                out.print(USAGE);
                return 0;
            }
            if (arg.equals("--reset")) {
                reset = true;
                continue;
            }
            boolean takesValue = arg.equals("-c") || arg.equals("--topology") || arg.equals("--data");
            if (!takesValue || i + 1 >= args.length) {
                err.println("Error: " + (takesValue ? arg + " needs a value" : "unknown argument '" + arg + "'"));
                err.print(USAGE);
                return 2;
            }
            String value = args[++i];
            switch (arg) {
                case "-c" -> commands = value;
                case "--topology" -> topology = Path.of(value);
                default -> data = Path.of(value);
            }
        }
        if (topology != null && !Files.isRegularFile(topology)) {
            err.println("Error: topology file " + topology + " does not exist");
            return 2;
        }
        if (reset) {
            deleteTree(data);
        }
        FabricConfig config = (topology == null ? FabricConfig.demo(data) : FabricConfig.of(topology, data))
                .withConsole(commands == null);
        EmbeddedFabric fabric;
        try {
            fabric = EmbeddedFabric.start(config);
        } catch (FabricException e) {
            err.println("Error: " + e.getMessage());
            for (Violation v : e.violations().size() > 1 ? e.violations() : java.util.List.<Violation>of()) {
                err.println("  " + v);
            }
            return 2;
        }
        try {
            if (commands == null) {
                fabric.awaitStop();
                return 0;
            }
            fabric.shell().execute(commands, out);
            return 0;
        } catch (FabricException e) {
            out.flush();
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            fabric.close();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new FabricException(fabric.api.core.ErrorCode.INTERNAL, "cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
