/**
 * The OEM service provider interface: what a server vendor's bundle implements so that the fabric
 * can recognise its certified hardware, check its firmware packages and update its servers in the
 * vendor's order.
 *
 * <h2>For an OEM partner who has never seen the fabric</h2>
 *
 * <p>Your bundle registers OSGi services, each with the service property {@link HardwareProfile#VENDOR}
 * set to your vendor key (lower case, such as {@code dell}; the same key operators write in the
 * topology file):
 * <ul>
 * <li>one {@link HardwareProfile} per certified server model (property {@link HardwareProfile#MODEL} too);</li>
 * <li>one {@link FirmwareCatalog}: the packages you publish, described by their signed manifests;</li>
 * <li>one {@link FirmwareValidator}: checks a package file against a node before anything is staged;</li>
 * <li>one {@link UpdateSequencer}: turns a set of packages into your ordered, idempotent steps for one node.</li>
 * </ul>
 * The fabric never looks for vendor names in its own code: it tracks these services as they come and
 * go and picks them by the {@code fabric.oem.vendor} property. Nothing outside your bundle has to
 * change to add a vendor.
 *
 * <p><b>When and from which thread.</b> The fabric calls your services from its own threads: shell
 * commands from the shell's thread, compliance and planning from the caller's thread, update runs
 * from one run thread per scale unit. Calls for different nodes may arrive concurrently, so your
 * services must be thread-safe; keep them stateless (data loaded at activation, immutable after).
 * No call of this SPI may block on I/O for long: a validator and a sequencer compute from their
 * arguments and the data in the bundle.
 *
 * <p><b>Idempotence.</b> An update run can crash and restart at any point, so every {@link UpdateStep}
 * says, from an inventory alone, whether it is already applied ({@link UpdateStep#isApplied(NodeInventory)}):
 * the fabric checks this before executing a step and after, so a step is never done twice and never
 * skipped. {@link BaseboardController} operations must be idempotent too: staging the version that is
 * already staged, or applying the version that is already installed, succeeds and changes nothing.
 *
 * <p><b>When your bundle stops mid-call.</b> A call already in progress completes normally (your
 * objects stay usable until it returns); the fabric then drops every reference to your services and
 * reports the affected nodes as "waiting for provider" until a bundle with the same vendor key
 * registers again. A result computed from a stopped provider is never acted upon.
 *
 * <p>Package versions follow OSGi semantic versioning: the interfaces marked
 * {@link org.osgi.annotation.versioning.ConsumerType} are yours to implement, so they only grow by
 * {@code default} methods in minor versions.
 */
@Export
@Version("1.0.0")
package fabric.api.oem;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
