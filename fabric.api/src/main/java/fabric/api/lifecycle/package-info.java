/**
 * Firmware lifecycle of a scale unit: compliance of each node with a certified baseline, update
 * plans (dry runs), rolling update runs and the OEM providers the fabric knows.
 */
@Export
@Version("1.2.0")
package fabric.api.lifecycle;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
