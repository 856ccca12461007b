package fabric.lifecycle.internal;

/**
 * What the update runs share with the lifecycle component inside this bundle: the OEM providers as
 * they come and go, the nodes' BMCs and the compliance engine. Registered as a service of this
 * bundle's private package (never exported), so the run component is wired to the lifecycle
 * component by Declarative Services instead of casting the public {@link fabric.api.lifecycle.LifecycleService}.
 */
public interface LifecycleInternals {

    /** @return the OEM providers */
    ProviderRegistry registry();

    /** @return the nodes' BMCs */
    fabric.lifecycle.internal.bmc.Baseboards baseboards();

    /** @return the compliance engine */
    ComplianceEngine engine();
}
