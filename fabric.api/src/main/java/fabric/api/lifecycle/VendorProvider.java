package fabric.api.lifecycle;

import fabric.api.core.Names;
import java.util.List;
import java.util.Objects;

/**
 * An OEM vendor as the fabric sees it now.
 *
 * @param vendor the vendor key
 * @param bundle the symbolic name and version of the bundle that registered its services
 * @param models the models of its registered profiles, sorted
 * @param validator whether a firmware validator is registered
 * @param sequencer whether an update sequencer is registered
 * @param catalogPackages the number of packages in its catalog, or -1 when no catalog is registered
 * @param sequencing the sequencer's {@link fabric.api.oem.UpdateSequencer#summary()}, or empty
 */
public record VendorProvider(String vendor, String bundle, List<String> models, boolean validator,
        boolean sequencer, int catalogPackages, String sequencing) {

    /** Checks the fields and copies the list. */
    public VendorProvider {
        Names.require("vendor", vendor);
        Objects.requireNonNull(bundle, "bundle");
        models = List.copyOf(models);
        Objects.requireNonNull(sequencing, "sequencing");
    }

    /** @return whether every service the fabric needs from a vendor is there */
    public boolean complete() {
        return !models.isEmpty() && validator && sequencer && catalogPackages >= 0;
    }
}
