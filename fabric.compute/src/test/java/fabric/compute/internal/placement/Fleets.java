package fabric.compute.internal.placement;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import java.util.ArrayList;
import java.util.List;

/** Fleets of uniform nodes for tests. */
public final class Fleets {

    private Fleets() {
    }

    /**
     * @param units how many scale units
     * @param nodesPerUnit nodes in each
     * @param vcpus virtual processors per node
     * @param memoryGiB memory per node in GiB
     * @return the shapes, units named su-1.., nodes n-1-1..
     */
    public static List<Fleet.UnitShape> uniform(int units, int nodesPerUnit, long vcpus, long memoryGiB) {
        List<Fleet.UnitShape> shapes = new ArrayList<>();
        for (int u = 1; u <= units; u++) {
            List<Fleet.NodeShape> nodes = new ArrayList<>();
            for (int n = 1; n <= nodesPerUnit; n++) {
                nodes.add(new Fleet.NodeShape(NodeId.of("n-" + u + "-" + n), vcpus, memoryGiB << 30));
            }
            shapes.add(new Fleet.UnitShape(ScaleUnitId.of("su-" + u), nodes));
        }
        return shapes;
    }
}
