/**
 * Switch Embedded Teaming and Data Center Bridging on each node's virtual switch: teams of 1-8
 * identical NICs, load distribution, NIC failover, traffic classes by 802.1p priority with ETS
 * bandwidth shares and PFC for lossless classes, and their counters; since 1.1.0 the teams' egress
 * data path ({@link fabric.api.teaming.TeamEgress}), through which a node's senders such as its
 * VXLAN tunnel endpoint put their frames on the NICs; since 1.2.0 the carrier of the links under
 * the NICs as senders see them, and priority flow control asserted by a NIC's link partner; since
 * 1.3.0 the link partner's pauses in each class's counters.
 */
@Export
@Version("1.3.0")
package fabric.api.teaming;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
