/**
 * The storage engine's contract: a pool of every node's disks, resilient volumes (mirror and
 * Reed-Solomon parity) cut into slabs across fault domains, block I/O on a volume, health,
 * scrubbing and repair, and the journal events the engine records.
 */
@Export
@Version("1.1.0")
package fabric.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
