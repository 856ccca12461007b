package fabric.api.compute;

import fabric.api.core.FabricException;
import fabric.api.core.Names;

/**
 * An availability set: VMs that should not fail or be updated together. As in Azure, each member is
 * given a fault domain and an update domain in turn; in a scale unit a fault domain is a node, so
 * placement spreads the members over nodes, the least populated first.
 *
 * @param name the set's name, following {@link Names}
 * @param faultDomains how many fault domains it spreads over; 1 to {@value #MAX_FAULT_DOMAINS}
 * @param updateDomains how many update domains it cycles through; 1 to {@value #MAX_UPDATE_DOMAINS}
 */
public record AvailabilitySetSpec(String name, int faultDomains, int updateDomains) {

    /** The most fault domains: the most nodes of a scale unit. */
    public static final int MAX_FAULT_DOMAINS = 16;
    /** The most update domains, as in Azure. */
    public static final int MAX_UPDATE_DOMAINS = 20;
    /** Azure's default number of update domains. */
    public static final int DEFAULT_UPDATE_DOMAINS = 5;

    /**
     * Validates every part.
     *
     * @throws FabricException {@code INVALID_ARGUMENT} naming the offending field
     */
    public AvailabilitySetSpec {
        Names.require("avset", name);
        if (faultDomains < 1 || faultDomains > MAX_FAULT_DOMAINS) {
            throw FabricException.invalid("fault-domains", "an availability set has 1 to " + MAX_FAULT_DOMAINS
                    + " fault domains, not " + faultDomains);
        }
        if (updateDomains < 1 || updateDomains > MAX_UPDATE_DOMAINS) {
            throw FabricException.invalid("update-domains", "an availability set has 1 to " + MAX_UPDATE_DOMAINS
                    + " update domains, not " + updateDomains);
        }
    }
}
