package fabric.api.compute;

import fabric.api.core.ByteSize;
import fabric.api.journal.EventType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Journal event: a VM was defined (created), before it was placed. Lists are comma-separated and
 * absent names empty, as the journal holds flat fields.
 *
 * @param vm the VM's name
 * @param vcpus virtual processors
 * @param memoryBytes memory in bytes
 * @param disks volume names, comma-separated
 * @param nics network interface names, comma-separated
 * @param availabilitySet the set's name, or empty
 * @param priority restart priority
 * @param affinityGroup the affinity group, or empty
 * @param antiAffinityGroup the anti-affinity group, or empty
 * @param faultDomain the fault-domain index in its set, or -1
 * @param updateDomain the update-domain index in its set, or -1
 */
public record VmDefined(String vm, int vcpus, long memoryBytes, String disks, String nics, String availabilitySet,
        VmPriority priority, String affinityGroup, String antiAffinityGroup, int faultDomain, int updateDomain) {

    /** The event's type in the journal. */
    public static final EventType<VmDefined> TYPE = EventType.of("compute.vm-defined", VmDefined.class);

    /** Validates by building the VM's specification. */
    public VmDefined {
        Objects.requireNonNull(disks, "disks");
        Objects.requireNonNull(nics, "nics");
        Objects.requireNonNull(availabilitySet, "availabilitySet");
        Objects.requireNonNull(affinityGroup, "affinityGroup");
        Objects.requireNonNull(antiAffinityGroup, "antiAffinityGroup");
        spec(vm, vcpus, memoryBytes, disks, nics, availabilitySet, priority, affinityGroup, antiAffinityGroup);
    }

    /**
     * @param spec a VM
     * @param faultDomain its fault-domain index, or -1
     * @param updateDomain its update-domain index, or -1
     * @return the event
     */
    public static VmDefined of(VmSpec spec, int faultDomain, int updateDomain) {
        return new VmDefined(spec.name(), spec.vcpus(), spec.memory().bytes(), String.join(",", spec.disks()),
                String.join(",", spec.nics()), spec.availabilitySet().orElse(""), spec.priority(),
                spec.affinityGroup().orElse(""), spec.antiAffinityGroup().orElse(""), faultDomain, updateDomain);
    }

    /** @return the VM's specification */
    public VmSpec spec() {
        return spec(vm, vcpus, memoryBytes, disks, nics, availabilitySet, priority, affinityGroup, antiAffinityGroup);
    }

    private static VmSpec spec(String vm, int vcpus, long memoryBytes, String disks, String nics, String set,
            VmPriority priority, String affinity, String antiAffinity) {
        return new VmSpec(vm, vcpus, ByteSize.ofBytes(memoryBytes), split(disks), split(nics), optional(set),
                priority, optional(affinity), optional(antiAffinity));
    }

    private static List<String> split(String list) {
        return list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
    }

    private static Optional<String> optional(String name) {
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
