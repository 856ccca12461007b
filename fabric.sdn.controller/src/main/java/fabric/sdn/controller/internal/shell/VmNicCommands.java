package fabric.sdn.controller.internal.shell;

import fabric.api.core.NodeId;
import fabric.api.network.VmNicStatus;
import fabric.api.network.VmNics;
import fabric.shell.Table;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code nc:vmnics}: compute's VMs on the controller's network interfaces. */
@Component(service = VmNicCommands.class)
@GogoCommand(scope = "nc", function = {"vmnics"})
public final class VmNicCommands {

    private final VmNics vmNics;

    /** @param vmNics the VMs' vNICs */
    @Activate
    public VmNicCommands(@Reference(name = "vmNics") VmNics vmNics) {
        this.vmNics = Objects.requireNonNull(vmNics, "vmNics");
    }

    /** @return every VM vNIC with its network, address and plugged state */
    @Descriptor("lists VMs' vNICs: the network interface each NIC name binds, its network and address, where it is plugged")
    public String vmnics() {
        Table t = new Table("VM", "NIC", "NETWORK", "ADDRESS", "MAC", "PLUGGED", "NODE", "DETAIL");
        for (VmNicStatus s : vmNics.vmNics()) {
            t.row(s.vm(), s.nic(), s.network(), s.address(), s.mac(), s.plugged() ? "yes" : "no",
                    s.node().map(NodeId::value).orElse("-"), s.detail().isEmpty() ? "-" : s.detail());
        }
        return t.render(0).stripTrailing();
    }
}
