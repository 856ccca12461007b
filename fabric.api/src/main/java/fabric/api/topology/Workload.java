package fabric.api.topology;

import fabric.api.core.Resources;
import java.util.Objects;

/**
 * Something running on a node that would have to be re-hosted if the node failed, such as a VM.
 *
 * @param name its name, for reports
 * @param demand the processors and memory it needs
 */
public record Workload(String name, Resources demand) {

    /** Validates both parts. */
    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(demand, "demand");
    }
}
