package oem.dell;

import oem.kit.VendorComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Dell AX nodes (PowerEdge, iDRAC9) as an OEM provider: registers the profiles, catalog, validator and sequencer described
 * by this bundle's {@code OEM-INF/} data while the bundle is active.
 */
@Component(immediate = true, service = {})
public final class DellOem extends VendorComponent {

    /** @param context this bundle's context */
    @Activate
    public void start(BundleContext context) {
        activate(context);
    }

    /** Withdraws the services. */
    @Deactivate
    public void stop() {
        deactivate();
    }
}
