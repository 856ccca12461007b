package fabric.api.compute;

/** The kinds of device a guest has. */
public enum GuestDeviceKind {
    /** A virtual disk backed by a volume. */
    DISK,
    /** A virtual network adapter on a virtual switch. */
    NIC
}
