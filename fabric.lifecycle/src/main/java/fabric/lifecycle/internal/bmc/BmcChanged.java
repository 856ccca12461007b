package fabric.lifecycle.internal.bmc;

import fabric.api.journal.EventType;

/**
 * A change of a simulated BMC, journaled before it is applied, so a BMC's state is the fold of its
 * events and survives a restart.
 *
 * @param node the node
 * @param change what changed
 * @param component the component; empty for a reboot
 * @param version the version staged, applied or restored; empty for a reboot
 */
public record BmcChanged(String node, Change change, String component, String version) {

    /** The journal type. */
    public static final EventType<BmcChanged> TYPE = EventType.of("lifecycle.bmc-changed", BmcChanged.class);

    /** What a BMC did. */
    public enum Change {
        /** An image was uploaded to the component's staging slot. */
        STAGED,
        /** The staged image was activated at once. */
        APPLIED_NOW,
        /** The staged image was scheduled for the next reboot. */
        APPLIED_ON_RESET,
        /** The host rebooted; images pending on reset were activated. */
        REBOOTED,
        /** The host was reset and did not come back: power off, images still pending. */
        BOOT_HUNG,
        /** The component went back to the other bank's image; staged and pending images were dropped. */
        ROLLED_BACK
    }

    /** Fills absent text with empty strings. */
    public BmcChanged {
        component = component == null ? "" : component;
        version = version == null ? "" : version;
    }
}
