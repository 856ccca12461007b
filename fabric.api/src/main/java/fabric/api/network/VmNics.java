package fabric.api.network;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * VMs' vNICs on tenant networks: which VM network interface is bound to which of the network
 * controller's interfaces, where it is plugged, and the guest stack behind it.
 *
 * @since 1.2
 */
@ProviderType
public interface VmNics {

    /** @return every bound vNIC, by VM then NIC name */
    List<VmNicStatus> vmNics();

    /**
     * @param vm a VM's name
     * @param nic one of its NIC names
     * @return the guest stack behind that vNIC, if the VM has it
     */
    Optional<GuestStack> guest(String vm, String nic);
}
