package fabric.compute.internal.placement;

/** Chooses a node for a VM. Both implementations make the same choice for the same fleet. */
public interface Placer {

    /**
     * @param request the VM and the rules that apply
     * @return the chosen node's number, or -1 when every node rejects the VM
     */
    int choose(PlacementRequest request);
}
