package fabric.api.network;

import fabric.api.core.Names;

/**
 * A load balancer's health probe, run by each backend's host agent from the probe address
 * 168.63.129.16 (admitted by the default rule AllowAzureLoadBalancerInBound): a backend that fails
 * two probes in a row gets no new flows, one answered probe brings it back.
 *
 * @param name the probe's name, unique in its load balancer
 * @param protocol TCP connect or HTTP GET
 * @param port the backend port probed, 1-65535
 * @param path for HTTP the path, starting with {@code /}, without spaces; {@code null} for TCP
 */
public record HealthProbe(String name, ProbeProtocol protocol, int port, String path) {

    /** Validates every part. */
    public HealthProbe {
        Names.require("probe.name", name);
        if (protocol == null) {
            throw new IllegalArgumentException("probe " + name + ": protocol is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("probe " + name + ": port " + port + " is not 1-65535");
        }
        if (protocol == ProbeProtocol.HTTP) {
            if (path == null || !path.startsWith("/") || path.contains(" ") || path.length() > 200) {
                throw new IllegalArgumentException("probe " + name + ": an HTTP probe's path starts with / and has no"
                        + " spaces");
            }
        } else if (path != null) {
            throw new IllegalArgumentException("probe " + name + ": a TCP probe has no path");
        }
    }
}
