package fabric.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start an {@link EmbeddedFabric}.
 *
 * @param topology the topology file; {@code null} for the demo scale unit shipped in this jar
 * @param dataDirectory where the fabric keeps its state (the journal, later disks); created if missing
 * @param extraBundles further bundles to install and start, such as OEM plugins
 * @param properties further framework properties; they override the fabric's defaults
 * @param startTimeout how long to wait for the fabric's services at start
 * @param console whether to open the interactive Gogo shell on standard input and output
 */
public record FabricConfig(Path topology, Path dataDirectory, List<Path> extraBundles, Map<String, String> properties,
        Duration startTimeout, boolean console) {

    /** Validates and copies. */
    public FabricConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        extraBundles = List.copyOf(extraBundles);
        properties = Map.copyOf(properties);
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive");
        }
    }

    /**
     * The demo scale unit (4 nodes, no witness) with its state in {@code dataDirectory}, and the demo's
     * signed Dell firmware packages in {@code dataDirectory/firmware}, where {@code update:run} looks.
     *
     * @param dataDirectory where the fabric keeps its state
     * @return the configuration
     */
    public static FabricConfig demo(Path dataDirectory) {
        return new FabricConfig(null, dataDirectory, List.of(), Map.of(), Duration.ofSeconds(30), false);
    }

    /**
     * A fabric of the given topology with its state in {@code dataDirectory}.
     *
     * @param topology the topology file
     * @param dataDirectory where the fabric keeps its state
     * @return the configuration
     */
    public static FabricConfig of(Path topology, Path dataDirectory) {
        return new FabricConfig(Objects.requireNonNull(topology, "topology"), dataDirectory, List.of(), Map.of(),
                Duration.ofSeconds(30), false);
    }

    /**
     * @param bundles bundle files to install and start after the fabric's own
     * @return a copy with these bundles added
     */
    public FabricConfig withBundles(Path... bundles) {
        List<Path> all = new ArrayList<>(extraBundles);
        all.addAll(List.of(bundles));
        return new FabricConfig(topology, dataDirectory, all, properties, startTimeout, console);
    }

    /**
     * @param key a framework property
     * @param value its value
     * @return a copy with the property set
     */
    public FabricConfig withProperty(String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put(key, value);
        return new FabricConfig(topology, dataDirectory, extraBundles, all, startTimeout, console);
    }

    /**
     * @param timeout how long to wait for the fabric's services at start
     * @return a copy with that timeout
     */
    public FabricConfig withStartTimeout(Duration timeout) {
        return new FabricConfig(topology, dataDirectory, extraBundles, properties, timeout, console);
    }

    /**
     * @param open whether to open the interactive Gogo shell
     * @return a copy with that choice
     */
    public FabricConfig withConsole(boolean open) {
        return new FabricConfig(topology, dataDirectory, extraBundles, properties, startTimeout, open);
    }
}
