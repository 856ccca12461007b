package fabric.api.topology;

import fabric.api.core.Names;
import java.util.List;

/**
 * A stamp: the scale units that share one set of infrastructure services.
 *
 * @param name the stamp's name, unique in the region
 * @param scaleUnits its scale units; at least one
 */
public record StampSpec(String name, List<ScaleUnitSpec> scaleUnits) {

    /** Validates every part and copies the list. */
    public StampSpec {
        Names.require("stamp.name", name);
        scaleUnits = List.copyOf(scaleUnits);
        if (scaleUnits.isEmpty()) {
            throw new IllegalArgumentException("stamp " + name + " has no scale unit");
        }
    }
}
