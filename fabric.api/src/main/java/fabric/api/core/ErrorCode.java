package fabric.api.core;

/**
 * Why a fabric operation was refused or failed. The codes are stable: shells print them, REST
 * front ends map them to status codes, and callers branch on them.
 */
public enum ErrorCode {
    /** An argument, file or request is malformed or violates a rule; nothing was changed. */
    INVALID_ARGUMENT,
    /** The named resource does not exist. */
    NOT_FOUND,
    /** A resource with that name already exists. */
    ALREADY_EXISTS,
    /** The resource is not in a state that allows the operation (for example a node already down). */
    FAILED_PRECONDITION,
    /** The scale unit has lost its quorum and refuses every state change until quorum returns. */
    QUORUM_LOST,
    /** The capacity needed for the operation is not there. */
    INSUFFICIENT_CAPACITY,
    /** A service or resource the operation needs is not available right now. */
    UNAVAILABLE,
    /** A fault inside the fabric: a bug or an I/O failure. */
    INTERNAL
}
