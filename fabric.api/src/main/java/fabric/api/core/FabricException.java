package fabric.api.core;

import java.util.List;
import java.util.Objects;

/**
 * The exception every fabric service throws for a refused or failed operation. Its message is one
 * line a person can act on; {@link #code()} says which kind of failure it is, and
 * {@link #violations()} lists every broken rule when the input was invalid.
 *
 * <p>An operation that throws this exception has changed nothing, unless its documentation says
 * otherwise.
 */
public class FabricException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<Violation> violations;

    /**
     * Creates an exception without violations.
     *
     * @param code the kind of failure
     * @param message one line saying what went wrong
     */
    public FabricException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    /**
     * Creates an exception caused by another.
     *
     * @param code the kind of failure
     * @param message one line saying what went wrong
     * @param cause the underlying failure
     */
    public FabricException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    /**
     * Creates an exception for invalid input with every rule it broke.
     *
     * @param code the kind of failure, usually {@link ErrorCode#INVALID_ARGUMENT}
     * @param message one line summing up what went wrong
     * @param violations every broken rule, in the order found
     * @param cause the underlying failure, or {@code null}
     */
    public FabricException(ErrorCode code, String message, List<Violation> violations, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.violations = List.copyOf(violations);
    }

    /**
     * Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} failure on one field.
     *
     * @param field the offending field
     * @param reason what is wrong with it
     * @return the exception, to be thrown by the caller
     */
    public static FabricException invalid(String field, String reason) {
        Violation v = new Violation(field, reason);
        return new FabricException(ErrorCode.INVALID_ARGUMENT, v.toString(), List.of(v), null);
    }

    /**
     * Shorthand for an {@link ErrorCode#NOT_FOUND} failure.
     *
     * @param kind the kind of resource, such as {@code node}
     * @param name the name that was looked up
     * @return the exception, to be thrown by the caller
     */
    public static FabricException notFound(String kind, String name) {
        return new FabricException(ErrorCode.NOT_FOUND, "no " + kind + " named '" + name + "'");
    }

    /** @return the kind of failure */
    public ErrorCode code() {
        return code;
    }

    /** @return every broken rule when the input was invalid; empty otherwise */
    public List<Violation> violations() {
        return violations;
    }
}
