package fabric.api.compute;

import fabric.api.core.ByteSize;
import fabric.api.core.FabricException;
import fabric.api.core.Names;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a VM is: its name, size, the volumes and network interfaces it uses, and the rules its
 * placement follows.
 *
 * @param name the VM's name, unique in the fabric, following {@link Names}
 * @param vcpus virtual processors; 1 to {@value #MAX_VCPUS}
 * @param memory memory; at least {@value #MIN_MEMORY_MIB} MiB, a whole number of MiB
 * @param disks the names of the volumes attached as disks, in order; each a valid, distinct name
 * @param nics the names of the network interfaces, in order; each a valid, distinct name
 * @param availabilitySet the availability set it belongs to, if any
 * @param priority its restart priority after a node failure
 * @param affinityGroup VMs of the same affinity group run on the same node
 * @param antiAffinityGroup VMs of the same anti-affinity group run on different nodes
 */
public record VmSpec(String name, int vcpus, ByteSize memory, List<String> disks, List<String> nics,
        Optional<String> availabilitySet, VmPriority priority, Optional<String> affinityGroup,
        Optional<String> antiAffinityGroup) {

    /** The most virtual processors a VM may have. */
    public static final int MAX_VCPUS = 240;
    /** The least memory a VM may have, in MiB. */
    public static final int MIN_MEMORY_MIB = 32;

    /**
     * Validates every part and copies the lists.
     *
     * @throws FabricException {@code INVALID_ARGUMENT} naming the first offending field
     */
    public VmSpec {
        Names.require("vm", name);
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw FabricException.invalid("cpu", "a VM has 1 to " + MAX_VCPUS + " virtual processors, not " + vcpus);
        }
        Objects.requireNonNull(memory, "memory");
        if (memory.bytes() < (long) MIN_MEMORY_MIB << 20 || memory.bytes() % (1L << 20) != 0) {
            throw FabricException.invalid("mem", "a VM has at least " + MIN_MEMORY_MIB
                    + " MiB of memory in whole MiB, not " + memory);
        }
        disks = names("disk", disks);
        nics = names("nic", nics);
        availabilitySet = optionalName("avset", availabilitySet);
        Objects.requireNonNull(priority, "priority");
        affinityGroup = optionalName("affinity", affinityGroup);
        antiAffinityGroup = optionalName("anti-affinity", antiAffinityGroup);
    }

    /**
     * A VM of medium priority with no disks, NICs, availability set or groups.
     *
     * @param name its name
     * @param vcpus virtual processors
     * @param memory memory
     * @return the specification
     */
    public static VmSpec of(String name, int vcpus, ByteSize memory) {
        return new VmSpec(name, vcpus, memory, List.of(), List.of(), Optional.empty(), VmPriority.MEDIUM,
                Optional.empty(), Optional.empty());
    }

    /**
     * @param set an availability set's name
     * @return this specification in that set
     */
    public VmSpec inAvailabilitySet(String set) {
        return new VmSpec(name, vcpus, memory, disks, nics, Optional.of(set), priority, affinityGroup,
                antiAffinityGroup);
    }

    /**
     * @param newPriority a restart priority
     * @return this specification with it
     */
    public VmSpec withPriority(VmPriority newPriority) {
        return new VmSpec(name, vcpus, memory, disks, nics, availabilitySet, newPriority, affinityGroup,
                antiAffinityGroup);
    }

    /**
     * @param affinity an affinity group's name, or {@code null} for none
     * @param antiAffinity an anti-affinity group's name, or {@code null} for none
     * @return this specification with those groups
     */
    public VmSpec withGroups(String affinity, String antiAffinity) {
        return new VmSpec(name, vcpus, memory, disks, nics, availabilitySet, priority,
                Optional.ofNullable(affinity), Optional.ofNullable(antiAffinity));
    }

    /**
     * @param newDisks volume names
     * @param newNics network interface names
     * @return this specification with those disks and NICs
     */
    public VmSpec withDevices(List<String> newDisks, List<String> newNics) {
        return new VmSpec(name, vcpus, memory, newDisks, newNics, availabilitySet, priority, affinityGroup,
                antiAffinityGroup);
    }

    /**
     * @param newVcpus virtual processors
     * @param newMemory memory
     * @return this specification with that size
     */
    public VmSpec resized(int newVcpus, ByteSize newMemory) {
        return new VmSpec(name, newVcpus, newMemory, disks, nics, availabilitySet, priority, affinityGroup,
                antiAffinityGroup);
    }

    private static List<String> names(String field, List<String> names) {
        List<String> copy = List.copyOf(names);
        for (int i = 0; i < copy.size(); i++) {
            Names.require(field, copy.get(i));
            if (copy.indexOf(copy.get(i)) != i) {
                throw FabricException.invalid(field, "'" + copy.get(i) + "' is listed twice");
            }
        }
        return copy;
    }

    private static Optional<String> optionalName(String field, Optional<String> name) {
        Objects.requireNonNull(name, field);
        name.ifPresent(n -> Names.require(field, n));
        return name;
    }
}
