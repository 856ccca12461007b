package fabric.api.topology;

import fabric.api.core.NodeId;
import fabric.api.core.Resources;
import java.util.List;
import java.util.Objects;

/**
 * A server of a scale unit, as declared in the topology. Each node is one fault domain.
 *
 * @param id the node's name, unique in the region
 * @param cores logical processors; positive
 * @param memoryBytes memory in bytes; positive
 * @param disks its local disks, pooled by the storage engine
 * @param nics its network ports, teamed by its virtual switch
 * @param bmcAddress the address of its baseboard management controller (host or host:port)
 * @param vendor the OEM vendor's key, such as {@code dell}; lower case
 * @param model the server model, such as {@code AX-760}
 */
public record NodeSpec(NodeId id, int cores, long memoryBytes, List<DiskSpec> disks, List<NicSpec> nics,
        String bmcAddress, String vendor, String model) {

    /** Validates every part and copies the lists. */
    public NodeSpec {
        Objects.requireNonNull(id, "id");
        if (cores <= 0 || memoryBytes <= 0) {
            throw new IllegalArgumentException("node " + id + ": cores and memory must be positive");
        }
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
        Objects.requireNonNull(bmcAddress, "bmcAddress");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
    }

    /** @return the processors and memory the node offers */
    public Resources resources() {
        return new Resources(cores, memoryBytes);
    }

    /**
     * @param role a disk role
     * @return the node's disks of that role, in declared order
     */
    public List<DiskSpec> disks(DiskRole role) {
        return disks.stream().filter(d -> d.role() == role).toList();
    }
}
