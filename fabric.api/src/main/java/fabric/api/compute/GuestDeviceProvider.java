package fabric.api.compute;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Gives VMs their devices (whiteboard): an area that owns a kind of device (networking's vNICs,
 * storage's disks) registers one as a service; compute asks every provider to check a VM's
 * specification before it creates the VM, and to attach devices whenever the VM is defined on a
 * node (created, restarted elsewhere after a failure, or defined again after compute restarts).
 * A live migration carries the attached devices along and does not ask again.
 *
 * @since 1.1
 */
@ConsumerType
public interface GuestDeviceProvider {

    /**
     * Checks a VM's specification before compute creates it; changes nothing.
     *
     * @param spec the VM to be created
     * @throws FabricException naming the device and the reason when the VM cannot have its devices
     */
    void check(VmSpec spec);

    /**
     * The VM was defined on a node: attach its devices to the endpoint. Called on the thread that
     * defined it; returns quickly.
     *
     * @param endpoint the VM's presence on its node
     * @param spec the VM
     */
    void guestDefined(GuestEndpoint endpoint, VmSpec spec);

    /**
     * The VM was removed from a node (deleted, moved while stopped, or given up on a failed node);
     * when it was deleted it will not be defined again.
     *
     * @param vm the VM's name
     * @param node the node it was removed from
     */
    void guestUndefined(String vm, NodeId node);
}
