package fabric.api.lifecycle;

/** Whether a node may be taken down now. */
public enum AdmissionVerdict {
    /** Nothing stands against it. */
    SAFE,
    /** At least one reason stands against it. */
    UNSAFE
}
