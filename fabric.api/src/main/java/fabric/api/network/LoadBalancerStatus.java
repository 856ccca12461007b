package fabric.api.network;

import java.util.List;

/**
 * A load balancer's state in the data plane.
 *
 * @param name the load balancer
 * @param rules each rule's counters and backend health, in rule order
 * @param outboundFlowsRefused outbound flows refused because a SNAT port range was full, on the hosts of
 *        its backends (0 without an outbound rule)
 */
public record LoadBalancerStatus(String name, List<RuleStatus> rules, long outboundFlowsRefused) {

    /** Copies the list. */
    public LoadBalancerStatus {
        rules = List.copyOf(rules);
    }
}
