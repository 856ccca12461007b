package fabric.api.topology;

/** Where a scale unit's quorum witness lives. */
public enum WitnessKind {
    /** A blob in a cloud storage account. */
    CLOUD,
    /** A file share outside the scale unit. */
    FILE_SHARE
}
