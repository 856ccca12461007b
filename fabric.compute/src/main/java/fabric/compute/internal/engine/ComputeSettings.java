package fabric.compute.internal.engine;

import fabric.compute.internal.hypervisor.MigrationModel;
import java.util.Objects;

/**
 * How compute runs.
 *
 * @param vcpuOvercommit virtual processors per logical processor a node offers; at least 1
 * @param dirtyFractionPerSecond the share of its memory a guest dirties per second, for live migration
 * @param migration how live migration behaves
 */
public record ComputeSettings(double vcpuOvercommit, double dirtyFractionPerSecond, MigrationModel migration) {

    /** 4 virtual processors per logical processor, guests dirtying 2 % of their memory per second. */
    public static final ComputeSettings DEFAULT = new ComputeSettings(4.0, 0.02, MigrationModel.DEFAULT);

    /** Validates. */
    public ComputeSettings {
        Objects.requireNonNull(migration, "migration");
        if (!(vcpuOvercommit >= 1) || !(dirtyFractionPerSecond >= 0)) {
            throw new IllegalArgumentException("overcommit must be at least 1 and the dirty fraction not negative");
        }
    }
}
