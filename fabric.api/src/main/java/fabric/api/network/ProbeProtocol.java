package fabric.api.network;

/** How a load balancer's health probe asks a backend whether it serves. */
public enum ProbeProtocol {
    /** A TCP connect: the backend answers the SYN with SYN-ACK. */
    TCP,
    /** An HTTP {@code GET} of a path: the backend answers 200. */
    HTTP
}
