package fabric.api.topology;

import fabric.api.core.Names;
import java.util.Objects;

/**
 * A physical network adapter port of a node, as declared in the topology.
 *
 * @param name the port's name, unique on its node
 * @param speedGbps its link speed in Gbit/s; positive
 * @param rdma the RDMA transport it offers
 */
public record NicSpec(String name, int speedGbps, RdmaKind rdma) {

    /** Validates every part. */
    public NicSpec {
        Names.require("nic.name", name);
        Objects.requireNonNull(rdma, "rdma");
        if (speedGbps <= 0) {
            throw new IllegalArgumentException("nic " + name + ": speed must be positive");
        }
    }
}
