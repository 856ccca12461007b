package fabric.api.lifecycle;

import fabric.api.core.ScaleUnitId;
import java.util.List;
import java.util.Objects;

/**
 * Every node of a scale unit against a target baseline.
 *
 * @param scaleUnit the scale unit
 * @param requestedBaseline the baseline asked for, or {@code null} for each model's newest
 * @param nodes each node, in declared order
 */
public record ComplianceReport(ScaleUnitId scaleUnit, String requestedBaseline, List<NodeCompliance> nodes) {

    /** Checks the fields and copies the list. */
    public ComplianceReport {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        nodes = List.copyOf(nodes);
    }

    /** @return the worst status of any node, {@code COMPLIANT} for no nodes */
    public ComplianceStatus status() {
        ComplianceStatus worst = ComplianceStatus.COMPLIANT;
        for (NodeCompliance n : nodes) {
            worst = worst.worse(n.status());
        }
        return worst;
    }
}
