package fabric.api.teaming;

/** How a team spreads its vPorts' traffic over its NICs. */
public enum LoadDistribution {
    /** Each vPort is pinned to one NIC, vPorts balanced over the NICs. */
    HYPER_V_PORT,
    /** Flowlets (bursts of a 5-tuple flow) go to the least-loaded NIC when a new flowlet starts. */
    DYNAMIC
}
