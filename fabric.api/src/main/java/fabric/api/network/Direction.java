package fabric.api.network;

/** Which way traffic crosses a vNIC or subnet, seen from the VM. */
public enum Direction {
    /** Towards the VM. */
    INBOUND,
    /** From the VM. */
    OUTBOUND
}
