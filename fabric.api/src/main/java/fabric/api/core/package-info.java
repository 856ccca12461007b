/**
 * Value types every area of the fabric shares: identifiers, sizes, resource amounts and the one
 * exception type the fabric's services throw.
 */
@Export
@Version("1.0.0")
package fabric.api.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
