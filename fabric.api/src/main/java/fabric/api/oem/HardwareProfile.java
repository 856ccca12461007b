package fabric.api.oem;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A certified server model: its firmware-bearing components and the firmware baselines the vendor
 * validated for it. Register one service per model, with the service properties {@link #VENDOR} and
 * {@link #MODEL}; the fabric matches a node to a profile by the node's {@code vendor} and
 * {@code model} in the topology.
 *
 * <p>Called from any fabric thread, often; implementations return immutable data loaded at
 * activation and never block. See the package documentation for the life cycle.
 */
@ConsumerType
public interface HardwareProfile {

    /** Service property: the vendor key, lower case, such as {@code dell}. Required on every OEM service. */
    String VENDOR = "fabric.oem.vendor";

    /** Service property on a profile: the model, exactly as in the topology, such as {@code AX-760}. */
    String MODEL = "fabric.oem.model";

    /** @return the vendor key, equal to the {@link #VENDOR} service property */
    String vendor();

    /** @return the model, equal to the {@link #MODEL} service property */
    String model();

    /** @return the name of the model's BMC product, such as {@code iDRAC9} */
    String bmcProduct();

    /** @return every firmware-bearing component, each with a unique key */
    List<HardwareComponent> components();

    /**
     * @return the certified baselines, oldest first; the first is the factory baseline new servers
     *         ship with (the fabric's simulated BMC starts there); never empty
     */
    List<CertifiedBaseline> baselines();

    /**
     * @param name a baseline name
     * @return that baseline, if certified for this model
     */
    default Optional<CertifiedBaseline> baseline(String name) {
        return baselines().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** @return the newest certified baseline */
    default CertifiedBaseline latestBaseline() {
        List<CertifiedBaseline> all = baselines();
        return all.get(all.size() - 1);
    }

    /**
     * @param componentId a component key
     * @return the component, if the model has it
     */
    default Optional<HardwareComponent> component(String componentId) {
        return components().stream().filter(c -> c.id().equals(componentId)).findFirst();
    }
}
