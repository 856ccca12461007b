package fabric.api.network;

import fabric.api.core.Names;

/**
 * A load-balancing rule: flows to the frontend address's port are spread over the backends' port.
 *
 * @param name the rule's name, unique in its load balancer
 * @param protocol {@link Protocol#TCP} or {@link Protocol#UDP}
 * @param frontendPort the VIP's port, 1-65535, unique per protocol in its load balancer
 * @param backendPort the backends' port, 1-65535
 * @param probe the name of the load balancer's probe that decides backend health, or {@code null}
 *        (every attached backend counts as healthy)
 */
public record LoadBalancingRule(String name, Protocol protocol, int frontendPort, int backendPort, String probe) {

    /** Validates every part. */
    public LoadBalancingRule {
        Names.require("rule.name", name);
        if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
            throw new IllegalArgumentException("rule " + name + ": protocol " + protocol + " is not TCP or UDP");
        }
        if (frontendPort < 1 || frontendPort > 65535 || backendPort < 1 || backendPort > 65535) {
            throw new IllegalArgumentException("rule " + name + ": ports are 1-65535");
        }
    }
}
