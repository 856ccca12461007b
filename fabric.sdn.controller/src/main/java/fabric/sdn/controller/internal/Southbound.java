package fabric.sdn.controller.internal;

/**
 * The controller's channel to each node's agent. An agent applies a whole policy idempotently and
 * acknowledges its version.
 */
interface Southbound {

    /**
     * Makes the node's data plane hold exactly this policy.
     *
     * @param policy the node's policy
     * @return the version the agent acknowledges
     * @throws fabric.api.core.FabricException {@code UNAVAILABLE} when the agent cannot be reached; the node keeps
     *         what it had
     */
    long apply(NodePolicy policy);
}
