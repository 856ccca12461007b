package fabric.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the fabric's topology (pid {@code fabric.cluster}). */
@ObjectClassDefinition(name = "Fabric cluster", description = "The topology of the fabric: region, stamps,"
        + " scale units and nodes, read from a JSON file.")
public @interface ClusterConfig {

    /** The configuration pid. */
    String PID = "fabric.cluster";

    /** The framework property naming the topology file when the configuration names none. */
    String TOPOLOGY_PROPERTY = "fabric.topology";

    /** @return the topology file; empty to use the framework property {@code fabric.topology} */
    @AttributeDefinition(name = "Topology file", description = "Path of the topology JSON file. Empty: the"
            + " framework property fabric.topology names it.")
    String topology() default "";

    /** @return vendor keys a node may name besides those declared by installed OEM bundles */
    @AttributeDefinition(name = "Vendors", description = "OEM vendor keys a node may name, in lower case, besides"
            + " those that installed bundles declare with the capability fabric.oem.vendor.")
    String[] vendors() default {};
}
