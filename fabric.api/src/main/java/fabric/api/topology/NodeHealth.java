package fabric.api.topology;

/** How well a node is doing, at a glance. */
public enum NodeHealth {
    /** Up and without known faults. */
    HEALTHY,
    /** Serving, but with something an operator should look at (maintenance, isolation). */
    WARNING,
    /** Not serving. */
    UNHEALTHY
}
