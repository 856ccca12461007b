package fabric.api.compute;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A VM's presence on its node, given by the node's hypervisor driver: the object other areas attach
 * vNICs and disks to. Devices follow the guest: they hear when it starts and stops, and move with it
 * when it migrates.
 */
@ConsumerType
public interface GuestEndpoint {

    /** @return the VM's name */
    String vm();

    /** @return the node the guest runs on */
    NodeId node();

    /** @return whether the guest runs */
    boolean running();

    /**
     * Attaches a device; a running guest's device is started at once.
     *
     * @param device the device
     * @throws FabricException {@code ALREADY_EXISTS} for a device of that name
     */
    void attach(GuestDevice device);

    /**
     * Detaches a device.
     *
     * @param name the device's name
     * @throws FabricException {@code NOT_FOUND}
     */
    void detach(String name);

    /** @return the attached devices, in the order they were attached */
    List<GuestDevice> devices();
}
