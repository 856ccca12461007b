package fabric.api.core;

import java.util.Objects;

/**
 * One broken rule in a request or a file: the field, as a path such as
 * {@code stamps[0].scaleUnits[1].nodes[2].disks[0].media}, and the reason in words.
 *
 * @param field the path of the offending field; never blank
 * @param reason what is wrong with it; never blank
 */
public record Violation(String field, String reason) {

    /** Validates both parts. */
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
        if (field.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("a violation needs a field and a reason");
        }
    }

    /** @return {@code field: reason} */
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
