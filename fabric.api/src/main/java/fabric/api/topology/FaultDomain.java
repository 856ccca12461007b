package fabric.api.topology;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import java.util.Objects;

/**
 * A fault domain: the unit that fails as a whole. As in Azure Stack HCI, a fault domain is one node
 * of one scale unit; copies of data and members of an availability set are spread over distinct
 * fault domains.
 *
 * @param scaleUnit the scale unit
 * @param node the node
 */
public record FaultDomain(ScaleUnitId scaleUnit, NodeId node) {

    /** Validates both parts. */
    public FaultDomain {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(node, "node");
    }

    /** @return {@code scaleUnit/node} */
    @Override
    public String toString() {
        return scaleUnit + "/" + node;
    }
}
