package fabric.api.oem;

/** A server's power state as its BMC reports it (Redfish {@code PowerState}, simplified). */
public enum PowerState {
    /** The host runs. */
    ON,
    /** The host is off; the BMC still answers. */
    OFF
}
