package fabric.api.lifecycle;

/** Why a baseline's version cannot be applied to a component. */
public enum Incompatibility {
    /** The baseline and the node disagree: the node lacks the component, or the model has no such baseline. */
    CONFLICT,
    /** The package needs another component at a version the baseline does not bring. */
    MISSING_PREREQUISITE,
    /** The baseline's version is older than the installed one. */
    WOULD_DOWNGRADE,
    /** The vendor's catalog has no package for the baseline's version. */
    NO_PACKAGE
}
