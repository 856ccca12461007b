package fabric.api.lifecycle;

/** A component's or node's standing against a target baseline, in the words of vLCM. */
public enum ComplianceStatus {
    /** It runs the baseline's version. */
    COMPLIANT,
    /** It runs another version, and the baseline's can be applied. */
    NON_COMPLIANT,
    /** The baseline's version cannot be applied; {@link Incompatibility} says why. */
    INCOMPATIBLE,
    /** There is no information to judge: the vendor's provider or the node's BMC is not there. */
    UNAVAILABLE;

    /**
     * @param other another status
     * @return the worse of the two, for a node's summary (unavailable, incompatible, non-compliant, compliant)
     */
    public ComplianceStatus worse(ComplianceStatus other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
