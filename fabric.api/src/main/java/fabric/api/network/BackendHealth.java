package fabric.api.network;

/**
 * One backend of one load-balancing rule, as the mux sees it.
 *
 * @param port the backend's vPort
 * @param attached whether the vPort is attached (a backend whose port is not attached gets no flows)
 * @param healthy whether it receives new flows (attached and passing the rule's probe)
 */
public record BackendHealth(String port, boolean attached, boolean healthy) {
}
