/**
 * The shape of a fabric and its live state: region, stamps, scale units, nodes (each a fault
 * domain) with their disks and NICs; node membership and health; quorum; and the N-1 failover
 * capacity check that placement and updates rely on.
 */
@Export
@Version("1.0.0")
package fabric.api.topology;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
