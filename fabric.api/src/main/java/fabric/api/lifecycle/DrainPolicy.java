package fabric.api.lifecycle;

/** What an update run does when a node's VMs cannot all be live-migrated away (Cluster-Aware Updating's choice). */
public enum DrainPolicy {
    /** The node fails its pre-drain step and stays in service; the run goes on or stops by its settings. */
    ABORT,
    /** The VMs that cannot move are stopped, then the node is drained. */
    FORCE
}
