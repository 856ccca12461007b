package fabric.api.oem;

/** What one {@link UpdateStep} asks the node's BMC to do. */
public enum StepAction {
    /** Upload a package's image to the component's staging slot; nothing changes on the host. */
    STAGE,
    /** Activate the staged image at once ({@link ApplyTime#IMMEDIATE}). */
    APPLY_NOW,
    /** Activate the staged image at the next reboot ({@link ApplyTime#ON_RESET}). */
    APPLY_ON_RESET,
    /** Reboot the host, activating every image applied on reset. */
    REBOOT
}
