package fabric.sdn.controller.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The network controller's configuration (pid {@code fabric.sdn.controller}). */
@ObjectClassDefinition(name = "Fabric network controller", description = "Desired network state, the ARM-shaped"
        + " REST endpoint and southbound reconciliation.")
public @interface ControllerConfig {

    /** The configuration pid. */
    String PID = "fabric.sdn.controller";

    /** @return the address the REST server binds */
    @AttributeDefinition(name = "Host", description = "Address the REST server binds; loopback by default.")
    String host() default "127.0.0.1";

    /** @return the REST port; 0 for an ephemeral port, -1 for no server */
    @AttributeDefinition(name = "Port", description = "REST port; 0 picks a free port (see nc:status), -1 runs no server.")
    int port() default 0;

    /** @return the prefix public IP addresses are allocated from */
    @AttributeDefinition(name = "Public address pool", description = "CIDR prefix public IP addresses come from.")
    String publicPool() default "203.0.113.0/24";

    /** @return the data plane's network of public addresses (frontend VIPs) and outside clients */
    @AttributeDefinition(name = "Public network", description = "Name of the data plane's virtual network that holds"
            + " the public IP addresses (load balancer frontends) and the outside clients.")
    String publicNetwork() default "internet";

    /** @return the public network's VNI */
    @AttributeDefinition(name = "Public network VNI", description = "VNI of the public network; below the first VNI.")
    int publicVni() default 99999;

    /** @return prefixes of outside clients in the public network, besides the public pool */
    @AttributeDefinition(name = "Outside prefixes", description = "Comma-separated CIDR prefixes of the public"
            + " network's outside clients, besides the public address pool.")
    String outsidePrefixes() default "198.51.100.0/24";

    /** @return the first VNI the controller allocates */
    @AttributeDefinition(name = "First VNI", description = "Virtual networks get VNIs from here upwards.")
    int vniBase() default 100000;

    /** @return seconds between reconciliation passes over every node */
    @AttributeDefinition(name = "Reconcile interval", description = "Seconds between passes that push policy to"
            + " nodes still behind.")
    int reconcileSeconds() default 5;
}
