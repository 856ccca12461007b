package fabric.cluster.internal;

import fabric.api.topology.RegionSpec;
import fabric.api.topology.TopologyParser;
import fabric.cluster.internal.parser.JsonTopologyParser;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The topology parser as a service, always available (it needs no topology), so launchers and
 * tools check a file before the fabric uses it. Knows the vendors of configuration {@code fabric.cluster}.
 */
@Component(service = TopologyParser.class, configurationPid = ClusterConfig.PID)
public final class TopologyParserComponent implements TopologyParser {

    private final JsonTopologyParser parser;

    /** @param config the vendors a node may name */
    @Activate
    public TopologyParserComponent(ClusterConfig config) {
        this.parser = new JsonTopologyParser(vendorKeys(config.vendors()));
    }

    @Override
    public RegionSpec read(Path file) {
        return parser.read(file);
    }

    @Override
    public RegionSpec parse(String json, String source) {
        return parser.parse(json, source);
    }

    /** @return the configured vendor keys, trimmed and in lower case, blanks left out */
    static Set<String> vendorKeys(String[] configured) {
        Set<String> keys = new TreeSet<>();
        for (String key : configured == null ? new String[0] : configured) {
            if (key != null && !key.isBlank()) {
                keys.add(key.strip().toLowerCase(Locale.ROOT));
            }
        }
        return keys;
    }
}
