package oem.kit;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.Violation;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a document, then throws them together. */
final class Problems {

    private final String document;
    private final List<Violation> violations = new ArrayList<>();

    Problems(String document) {
        this.document = document;
    }

    void add(String field, String reason) {
        violations.add(new Violation(field, reason));
    }

    boolean isEmpty() {
        return violations.isEmpty();
    }

    /** @throws FabricException {@code INVALID_ARGUMENT} naming the document and the first problem, with all of them */
    void throwIfAny() {
        if (!violations.isEmpty()) {
            String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, document + ": " + violations.get(0) + more,
                    violations, null);
        }
    }
}
