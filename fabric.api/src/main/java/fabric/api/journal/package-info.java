/**
 * The fabric's durable event journal: typed events appended by any bundle, read back in order by
 * tailers from any index, and replayed at start-up.
 */
@Export
@Version("1.0.0")
package fabric.api.journal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
