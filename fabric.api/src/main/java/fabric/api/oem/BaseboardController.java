package fabric.api.oem;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A node's baseboard management controller, shaped after Redfish: the firmware inventory
 * ({@code UpdateService/FirmwareInventory}), staging an image ({@code SimpleUpdate} /
 * multipart push), applying it now or on reset, rebooting the host and its power state
 * ({@code ComputerSystem.Reset}). The fabric's embedded simulated BMC is the default
 * implementation; a node that the operator's BMC file names (configuration {@code fabric.lifecycle})
 * is driven over Redfish by the OEM kit's controller instead; a vendor may provide one that talks to
 * its controller's own interface.
 *
 * <p>Every operation is idempotent: staging the version already staged, applying the version
 * already installed or pending, or rebooting a host with nothing pending, succeeds and changes
 * nothing beyond the boot count. Operations on one controller are called from one thread at a time.
 */
@ConsumerType
public interface BaseboardController {

    /** @return the node this controller manages */
    NodeId node();

    /** @return the firmware inventory and power state now */
    NodeInventory inventory();

    /**
     * Uploads a package's image to its component's staging slot. The host is not affected.
     *
     * @param pkg a package a {@link FirmwareValidator} accepted for this node
     * @throws FabricException {@code INVALID_ARGUMENT} when the package's component is not on this node
     */
    void stage(FirmwarePackage pkg);

    /**
     * Activates the staged image of a component, now or at the next reboot. Applying a version that
     * is already installed, or already pending with {@code ON_RESET}, changes nothing.
     *
     * @param target the component and the staged version to activate
     * @param when at once, or on the next reboot
     * @throws FabricException {@code FAILED_PRECONDITION} when that version is neither staged nor
     *         already applied; {@code NOT_FOUND} for an unknown component
     */
    void apply(ComponentTarget target, ApplyTime when);

    /**
     * Reboots the host (power cycle when on, power on when off); images applied on reset become the
     * installed versions.
     */
    void reboot();

    /** @return the host's power state */
    PowerState powerState();
}
