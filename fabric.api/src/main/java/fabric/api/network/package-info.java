/**
 * Tenant networks: virtual networks (VNI), customer-to-provider address mappings, the vPort/vNIC
 * endpoint abstraction that carries Ethernet frames between a guest and the fabric's virtual
 * switch, the distributed firewall's network security groups, and the software load balancer.
 */
@Export
@Version("1.3.0")
package fabric.api.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
