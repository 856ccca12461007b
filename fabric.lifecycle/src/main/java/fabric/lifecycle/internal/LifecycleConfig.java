package fabric.lifecycle.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the firmware lifecycle (pid {@code fabric.lifecycle}). */
@ObjectClassDefinition(name = "Fabric lifecycle", description = "Estimates of update plans and the nodes' BMCs.")
public @interface LifecycleConfig {

    /** The configuration pid. */
    String PID = "fabric.lifecycle";

    /** @return the live-migration rate assumed until one is measured, in MiB/s */
    @AttributeDefinition(name = "Live-migration rate (MiB/s)", description = "Assumed until the journal holds a"
            + " measured live migration; a drain is estimated from the memory of each VM at this rate.")
    long migrationMibPerSecond() default 1024;

    /** @return how long entering maintenance (node and storage) is assumed to take, in seconds */
    @AttributeDefinition(name = "Enter maintenance (s)", description = "Pausing a node and putting its storage into"
            + " maintenance.")
    long enterMaintenanceSeconds() default 30;

    /** @return how long leaving maintenance is assumed to take until one is measured, in seconds */
    @AttributeDefinition(name = "Exit maintenance (s)", description = "Resuming a node and its storage, until a run"
            + " measured it.")
    long exitMaintenanceSeconds() default 30;

    /** @return the BMC file: which nodes are driven over Redfish, with their address and credentials */
    @AttributeDefinition(name = "BMC file", description = "JSON file naming, per node, a Redfish BMC (address,"
            + " user, password file); empty for <fabric.data>/bmc.json when it exists. Nodes not named use the"
            + " embedded simulated BMC.")
    String bmcFile() default "";
}
