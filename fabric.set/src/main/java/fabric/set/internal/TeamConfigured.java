package fabric.set.internal;

import fabric.api.journal.EventType;
import fabric.api.teaming.LoadDistribution;

/**
 * A node's team was configured (NICs comma-separated; the default DCB policy).
 *
 * @param node the node's name
 * @param nics the NICs, comma-separated
 * @param distribution the load distribution
 */
public record TeamConfigured(String node, String nics, LoadDistribution distribution) {

    /** The journal event type. */
    public static final EventType<TeamConfigured> TYPE = EventType.of("teaming.team-configured", TeamConfigured.class);
}
