package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A load balancer was deleted.
 *
 * @param name its name
 */
public record LoadBalancerDeleted(String name) {

    /** The journal event type. */
    public static final EventType<LoadBalancerDeleted> TYPE = EventType.of("network.lb-deleted", LoadBalancerDeleted.class);
}
