package fabric.api.compute;

import fabric.api.journal.EventType;

/**
 * Journal event: an availability set was created.
 *
 * @param name the set's name
 * @param faultDomains its fault domains
 * @param updateDomains its update domains
 */
public record AvailabilitySetCreated(String name, int faultDomains, int updateDomains) {

    /** The event's type in the journal. */
    public static final EventType<AvailabilitySetCreated> TYPE =
            EventType.of("compute.avset-created", AvailabilitySetCreated.class);

    /** Validates by building the set's specification. */
    public AvailabilitySetCreated {
        new AvailabilitySetSpec(name, faultDomains, updateDomains);
    }

    /** @return the set's specification */
    public AvailabilitySetSpec spec() {
        return new AvailabilitySetSpec(name, faultDomains, updateDomains);
    }
}
