package fabric.compute.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of compute (pid {@code fabric.compute}). */
@ObjectClassDefinition(name = "Fabric compute", description = "VM placement and live migration.")
public @interface ComputeConfig {

    /** The configuration pid. */
    String PID = "fabric.compute";

    /** @return virtual processors a node offers per logical processor */
    @AttributeDefinition(name = "vCPU overcommit", description = "Virtual processors per logical processor, at least 1.")
    double vcpuOvercommit() default 4.0;

    /** @return the share of its memory a guest dirties per second */
    @AttributeDefinition(name = "Dirty rate", description = "Share of its memory a guest dirties per second, for"
            + " the live migration model.")
    double dirtyFractionPerSecond() default 0.02;

    /** @return the most pre-copy rounds */
    @AttributeDefinition(name = "Pre-copy rounds", description = "The most pre-copy rounds before stop-and-copy.")
    int maxPreCopyRounds() default 30;

    /** @return the blackout target in milliseconds */
    @AttributeDefinition(name = "Blackout target (ms)", description = "Stop and copy once the dirty memory can be"
            + " sent within this time.")
    long blackoutTargetMillis() default 5;
}
