/**
 * The network controller: the tenant's desired network state as Azure Resource Manager resources
 * (virtual networks, network interfaces, network security groups, load balancers, public IP
 * addresses), versioned and journaled, compiled into each node's policy and pushed to the data plane.
 */
@Export
@Version("1.1.0")
package fabric.api.network.controller;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
