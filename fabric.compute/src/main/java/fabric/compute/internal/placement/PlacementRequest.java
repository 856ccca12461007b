package fabric.compute.internal.placement;

import java.util.Objects;

/**
 * One placement question: where may this VM go?
 *
 * @param demand the VM; it must not hold capacity in the fleet while it is being placed
 * @param unitOnly the only scale unit allowed (a move stays in its scale unit), or -1 for any
 * @param keepReserve whether the N-1 reserve must still hold afterwards; drains and restarts after
 *        a failure spend the reserve, new VMs and operator moves keep it
 */
public record PlacementRequest(Demand demand, int unitOnly, boolean keepReserve) {

    /** Validates. */
    public PlacementRequest {
        Objects.requireNonNull(demand, "demand");
    }

    /** @param demand a new VM @return a request to place it anywhere, keeping the reserve */
    public static PlacementRequest create(Demand demand) {
        return new PlacementRequest(demand, -1, true);
    }
}
