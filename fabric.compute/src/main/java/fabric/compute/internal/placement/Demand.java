package fabric.compute.internal.placement;

import fabric.api.compute.VmSpec;
import java.util.Objects;

/**
 * What placement needs to know about a VM: its size and the rules it follows.
 *
 * @param vm the VM's name
 * @param vcpus virtual processors
 * @param memoryBytes memory in bytes
 * @param availabilitySet its set, or {@code null}
 * @param faultDomain its fault-domain index in the set, or -1
 * @param updateDomain its update-domain index in the set, or -1
 * @param affinityGroup its affinity group, or {@code null}
 * @param antiAffinityGroup its anti-affinity group, or {@code null}
 */
public record Demand(String vm, long vcpus, long memoryBytes, String availabilitySet, int faultDomain,
        int updateDomain, String affinityGroup, String antiAffinityGroup) {

    /** Validates the name and amounts. */
    public Demand {
        Objects.requireNonNull(vm, "vm");
        if (vcpus <= 0 || memoryBytes <= 0) {
            throw new IllegalArgumentException(vm + ": a demand is positive");
        }
    }

    /**
     * @param spec a VM
     * @param faultDomain its fault-domain index, or -1
     * @param updateDomain its update-domain index, or -1
     * @return its demand
     */
    public static Demand of(VmSpec spec, int faultDomain, int updateDomain) {
        return new Demand(spec.name(), spec.vcpus(), spec.memory().bytes(), spec.availabilitySet().orElse(null),
                faultDomain, updateDomain, spec.affinityGroup().orElse(null), spec.antiAffinityGroup().orElse(null));
    }

    /**
     * @param vm a name
     * @param vcpus virtual processors
     * @param memoryBytes memory
     * @return a demand without rules
     */
    public static Demand plain(String vm, long vcpus, long memoryBytes) {
        return new Demand(vm, vcpus, memoryBytes, null, -1, -1, null, null);
    }
}
