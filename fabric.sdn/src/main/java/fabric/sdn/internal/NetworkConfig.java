package fabric.sdn.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the overlay data plane (pid {@code fabric.sdn}). */
@ObjectClassDefinition(name = "Fabric network data plane", description = "Provider addressing and underlay of"
        + " the VXLAN/NVGRE overlay.")
public @interface NetworkConfig {

    /** The configuration pid. */
    String PID = "fabric.sdn";

    /** @return the provider network's prefix; node i of the topology gets its (i+1)-th address */
    @AttributeDefinition(name = "Provider prefix", description = "CIDR prefix of the provider addresses (PA);"
            + " the nodes get its addresses in topology order.")
    String providerPrefix() default "192.168.100.0/24";

    /** @return the address every host's UDP underlay socket binds */
    @AttributeDefinition(name = "Underlay bind address", description = "Address of the hosts' UDP sockets;"
            + " loopback for a one-JVM scale unit.")
    String underlayAddress() default "127.0.0.1";

    /** @return the 802.1p priority of the hosts' tunnel endpoints on their nodes' teams */
    @AttributeDefinition(name = "Tunnel priority", description = "802.1p priority (0-7) of the VXLAN/NVGRE"
            + " frames each host's tunnel endpoint hands its node's team: it selects their DCB class (0: best"
            + " effort; a lossless class's priority makes tenant traffic lossless).")
    int tunnelPriority() default 0;

    /** @return seconds between health-probe rounds of the load balancer; 0 runs none (probe on demand) */
    @AttributeDefinition(name = "Probe interval", description = "Seconds between health-probe rounds over every"
            + " load balancer's backends; 0 probes only on demand (net:lb-probe).")
    int probeSeconds() default 5;
}
