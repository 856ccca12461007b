package fabric.cluster.internal;

import fabric.api.oem.VendorCapability;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.TopologyParser;
import fabric.cluster.internal.parser.JsonTopologyParser;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The topology parser as a service, always available (it needs no topology), so launchers and
 * tools check a file before the fabric uses it. A node may name a vendor that an installed bundle
 * declares ({@link VendorCapability}) or that configuration {@code fabric.cluster} lists; the
 * installed bundles are looked at on every read, so a vendor bundle installed later counts.
 */
@Component(service = TopologyParser.class, configurationPid = ClusterConfig.PID)
public final class TopologyParserComponent implements TopologyParser {

    private final String[] configured;
    private final BundleContext context;

    /**
     * @param config vendors a node may name besides those of installed OEM bundles
     * @param context to find the installed OEM bundles
     */
    @Activate
    public TopologyParserComponent(ClusterConfig config, BundleContext context) {
        this.configured = config.vendors();
        this.context = context;
    }

    @Override
    public RegionSpec read(Path file) {
        return parser(configured, context).read(file);
    }

    @Override
    public RegionSpec parse(String json, String source) {
        return parser(configured, context).parse(json, source);
    }

    /**
     * @param configured the vendor keys of the configuration
     * @param context the framework's bundles
     * @return a parser knowing those vendors and the vendors that installed bundles declare
     */
    static JsonTopologyParser parser(String[] configured, BundleContext context) {
        Set<String> keys = vendorKeys(configured);
        keys.addAll(installedVendors(context));
        return new JsonTopologyParser(keys);
    }

    /** @return the vendor keys declared by installed bundles with the {@link VendorCapability} */
    static Set<String> installedVendors(BundleContext context) {
        Set<String> keys = new TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (BundleCapability capability : revision.getDeclaredCapabilities(VendorCapability.NAMESPACE)) {
                if (capability.getAttributes().get(VendorCapability.NAMESPACE) instanceof String key && !key.isBlank()) {
                    keys.add(key.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return keys;
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
