package fabric.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/** Told of a hypervisor's events, on the thread that caused them. Returns quickly. */
@ConsumerType
public interface HypervisorListener {

    /** @param event what happened */
    void event(HypervisorEvent event);
}
