package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A load balancer was created or replaced.
 *
 * @param name the load balancer's name
 * @param spec the whole spec, as {@link LoadBalancerCodec#encode} writes it
 */
public record LoadBalancerApplied(String name, String spec) {

    /** The journal event type. */
    public static final EventType<LoadBalancerApplied> TYPE = EventType.of("network.lb-applied", LoadBalancerApplied.class);
}
