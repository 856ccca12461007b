package fabric.sdn.internal.shell;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Ipv4Address;
import fabric.sdn.internal.NetworkComponent;
import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.underlay.TeamUplinks;
import fabric.shell.Table;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code net:} commands of the hosts' tunnel endpoints on the provider network: how each host
 * sends (through its node's team or straight), the link of each NIC's underlay attachment, the
 * frames it holds while its team pauses it (PFC) and what was refused; and fault injection on a
 * NIC's underlay link.
 */
@Component(service = UplinkCommands.class)
@GogoCommand(scope = "net", function = {"uplinks", "link"})
public final class UplinkCommands {

    private final OverlayFabric overlay;

    /** @param network the overlay's component in this bundle */
    @Activate
    public UplinkCommands(@Reference(name = "network") NetworkComponent network) {
        this.overlay = Objects.requireNonNull(network, "network").overlay();
    }

    /** @return every host's tunnel endpoint on the provider network */
    @Descriptor("shows each host's tunnel endpoint: team class, NIC links, frames held while paused (PFC), refusals")
    public String uplinks() {
        return render(overlay.hosts());
    }

    /**
     * @param node a node
     * @return its host's tunnel endpoint
     */
    @Descriptor("shows one host's tunnel endpoint: team class, NIC links, frames held while paused (PFC), refusals")
    public String uplinks(@Descriptor("node name") String node) {
        return render(List.of(overlay.host(NodeId.of(node))));
    }

    /**
     * @param node a node
     * @param nic a NIC of its team
     * @param state up or down
     * @return the host's tunnel endpoint afterwards
     */
    @Descriptor("fault injection on the provider network: a NIC's underlay link goes down (its team sees the carrier"
            + " drop and fails over) or comes back up")
    public String link(@Descriptor("node name") String node, @Descriptor("NIC name") String nic,
            @Descriptor("up or down") String state) {
        boolean up;
        if (state.equalsIgnoreCase("up")) {
            up = true;
        } else if (state.equalsIgnoreCase("down")) {
            up = false;
        } else {
            throw FabricException.invalid("state", "'" + state + "' is not up or down");
        }
        HostAgent host = overlay.host(NodeId.of(node));
        try {
            overlay.teamUplinks().link(host.providerAddress(), nic, up);
        } catch (IllegalArgumentException e) {
            throw new FabricException(ErrorCode.NOT_FOUND, node + " has no NIC '" + nic + "' on the provider network"
                    + " (only its team's NICs are, while its host sends through the team)");
        }
        // The data path senses the carrier before its next round; run one now so the answer shows it.
        overlay.teamUplinks().flush();
        return "link of " + nic + " on " + node + " is " + (up ? "up" : "down") + "\n" + uplinks(node);
    }

    private String render(List<HostAgent> hosts) {
        Table t = new Table("NODE", "PROVIDER ADDRESS", "CLASS", "NIC LINKS", "HOLDING", "HELD", "HOLD REFUSED",
                "TEAM DROPS");
        Map<Integer, HostAgent> byPa = new java.util.HashMap<>();
        for (HostAgent h : hosts) {
            byPa.put(h.providerAddress(), h);
        }
        for (TeamUplinks.HostStatus s : overlay.teamUplinks().status()) {
            HostAgent h = byPa.get(s.providerAddress());
            if (h == null) {
                continue;
            }
            StringBuilder links = new StringBuilder();
            for (Map.Entry<String, Boolean> e : s.nics().entrySet()) {
                links.append(links.length() == 0 ? "" : ", ").append(e.getKey()).append(e.getValue() ? " up" : " DOWN");
            }
            t.row(h.node(), new Ipv4Address(s.providerAddress()), s.trafficClass() == null ? "- (straight)"
                    : s.trafficClass(), links.length() == 0 ? "-" : links, s.holding(), s.held(), s.holdRefused(),
                    s.teamDropped());
        }
        return t.render(0);
    }
}
