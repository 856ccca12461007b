/**
 * Compute: VM specifications and states, availability sets, explainable placement, live migration
 * and drain, the {@link fabric.api.compute.ComputeService} callers use and the
 * {@link fabric.api.compute.Hypervisor} SPI one driver per node implements.
 */
@Export
@Version("1.1.0")
package fabric.api.compute;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
