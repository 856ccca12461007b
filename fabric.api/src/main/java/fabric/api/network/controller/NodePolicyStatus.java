package fabric.api.network.controller;

import fabric.api.core.NodeId;
import java.util.Objects;

/**
 * How far one node's data plane has caught up with the controller.
 *
 * @param node the node
 * @param up whether the node is up (the controller pushes only to up nodes)
 * @param desiredVersion the desired-state version of the node's current policy
 * @param appliedVersion the version the node's agent last acknowledged; -1 before the first
 * @param ports vNICs on the node
 * @param securityGroups compiled network security groups the node holds
 * @param mappings customer-to-provider mappings the node holds
 * @param vips frontend addresses the node's mux owns
 * @param natRules NAT rules the node's host agent holds
 */
public record NodePolicyStatus(NodeId node, boolean up, long desiredVersion, long appliedVersion, int ports,
        int securityGroups, int mappings, int vips, int natRules) {

    /** Validates every part. */
    public NodePolicyStatus {
        Objects.requireNonNull(node, "node");
    }

    /** @return true when the node acknowledged its desired policy */
    public boolean converged() {
        return appliedVersion == desiredVersion;
    }
}
