package fabric.api.oem;

/** When a BMC activates an applied image (Redfish {@code @Redfish.OperationApplyTime}). */
public enum ApplyTime {
    /** At once, while the host runs (BMC images, online-flashable drives and adapters). */
    IMMEDIATE,
    /** At the host's next reboot. */
    ON_RESET
}
