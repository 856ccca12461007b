package fabric.api.oem;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verdict on a firmware package: accepted when there is no finding.
 *
 * @param label the package, as {@link PackageDescriptor#label()}
 * @param checkedAgainst what it was checked against, such as {@code node-1 (dell AX-760, baseline 24.06)}
 *        or {@code package only}
 * @param findings every reason to reject it, in the order checked; empty when accepted
 */
public record ValidationResult(String label, String checkedAgainst, List<ValidationFinding> findings) {

    /** Checks the fields and copies the list. */
    public ValidationResult {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(checkedAgainst, "checkedAgainst");
        findings = List.copyOf(findings);
    }

    /** @return whether the package may be staged */
    public boolean accepted() {
        return findings.isEmpty();
    }

    /** @return the distinct reasons found */
    public Set<ValidationReason> reasons() {
        TreeSet<ValidationReason> reasons = new TreeSet<>();
        findings.forEach(f -> reasons.add(f.reason()));
        return reasons;
    }
}
