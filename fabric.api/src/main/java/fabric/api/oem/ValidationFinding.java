package fabric.api.oem;

import java.util.Objects;

/**
 * One reason a package was rejected.
 *
 * @param reason the kind of reason
 * @param message one line naming what is wrong, such as "bmc runs 7.00.00.00, bios 2.3.5 needs bmc >= 7.10"
 */
public record ValidationFinding(ValidationReason reason, String message) {

    /** Checks both fields. */
    public ValidationFinding {
        Objects.requireNonNull(reason, "reason");
        if (message == null || message.isBlank() || message.contains("\n")) {
            throw new IllegalArgumentException("a finding's message is one non-empty line");
        }
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
