package fabric.api.storage;

/** The state of a pool disk. */
public enum DiskState {
    /** In service. */
    ONLINE,
    /** Its node is in storage maintenance: writes are tracked for resync, as for a failed disk. */
    MAINTENANCE,
    /** Away (failed disk or node down); its data is kept and resynced when it returns. */
    FAILED,
    /** Permanently lost: its columns were or are being rebuilt elsewhere; it holds nothing. */
    RETIRED
}
