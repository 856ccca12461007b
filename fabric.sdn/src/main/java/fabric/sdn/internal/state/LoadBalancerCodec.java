package fabric.sdn.internal.state;

import fabric.api.network.HealthProbe;
import fabric.api.network.Ipv4Address;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancingRule;
import fabric.api.network.ProbeProtocol;
import fabric.api.network.Protocol;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A load balancer's spec as one line of text for the journal: eight fields separated by {@code |}
 * (name, frontend network, VIP, backend network, backends, rules, probes, outbound ports per
 * backend); list items by {@code ,}; a rule's or probe's fields by {@code :}. An HTTP probe's path
 * is URL-encoded, so no field holds a separator.
 */
public final class LoadBalancerCodec {

    private LoadBalancerCodec() {
    }

    /**
     * @param spec a load balancer
     * @return its text
     */
    public static String encode(LoadBalancerSpec spec) {
        List<String> rules = new ArrayList<>();
        for (LoadBalancingRule r : spec.rules()) {
            rules.add(r.name() + ":" + r.protocol() + ":" + r.frontendPort() + ":" + r.backendPort() + ":"
                    + (r.probe() == null ? "" : r.probe()));
        }
        List<String> probes = new ArrayList<>();
        for (HealthProbe p : spec.probes()) {
            probes.add(p.name() + ":" + p.protocol() + ":" + p.port() + ":"
                    + (p.path() == null ? "" : URLEncoder.encode(p.path(), StandardCharsets.UTF_8)));
        }
        return spec.name() + "|" + spec.frontendNetwork() + "|" + spec.frontendAddress() + "|" + spec.backendNetwork()
                + "|" + String.join(",", spec.backends()) + "|" + String.join(",", rules) + "|"
                + String.join(",", probes) + "|" + spec.outboundPortsPerBackend();
    }

    /**
     * @param text what {@link #encode} wrote
     * @return the spec
     * @throws IllegalArgumentException when the text is not that
     */
    public static LoadBalancerSpec decode(String text) {
        String[] f = text.split("\\|", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("not a load balancer: '" + text + "'");
        }
        List<LoadBalancingRule> rules = new ArrayList<>();
        for (String r : items(f[5])) {
            String[] x = r.split(":", -1);
            if (x.length != 5) {
                throw new IllegalArgumentException("not a rule: '" + r + "'");
            }
            rules.add(new LoadBalancingRule(x[0], Protocol.valueOf(x[1]), Integer.parseInt(x[2]), Integer.parseInt(x[3]),
                    x[4].isEmpty() ? null : x[4]));
        }
        List<HealthProbe> probes = new ArrayList<>();
        for (String p : items(f[6])) {
            String[] x = p.split(":", -1);
            if (x.length != 4) {
                throw new IllegalArgumentException("not a probe: '" + p + "'");
            }
            probes.add(new HealthProbe(x[0], ProbeProtocol.valueOf(x[1]), Integer.parseInt(x[2]),
                    x[3].isEmpty() ? null : URLDecoder.decode(x[3], StandardCharsets.UTF_8)));
        }
        return new LoadBalancerSpec(f[0], f[1], Ipv4Address.parse(f[2]), f[3], items(f[4]), rules, probes,
                Integer.parseInt(f[7]));
    }

    private static List<String> items(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split(","));
    }
}
