package fabric.sdn.internal.shell;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Ipv4Address;
import fabric.sdn.internal.NetworkComponent;
import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
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
 * NIC's underlay link; the in-process top-of-rack switch's per-port, per-priority queues, PFC pauses
 * and drops ({@code net:tor}).
 */
@Component(service = UplinkCommands.class)
@GogoCommand(scope = "net", function = {"uplinks", "link", "tor"})
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

    /** @return every link of the in-process switch */
    @Descriptor("shows the in-process top-of-rack switch: per link and 802.1p priority, the egress queue toward the"
            + " host, frames sent and dropped, PFC pauses (XOFF) and resumes (XON) sent to and received by the NIC")
    public String tor() {
        return renderSwitch(null);
    }

    /**
     * @param node a node
     * @return the switch's links to its host
     */
    @Descriptor("shows the in-process top-of-rack switch's links to one node: per 802.1p priority, queue, frames"
            + " sent and dropped, PFC pauses and resumes")
    public String tor(@Descriptor("node name") String node) {
        return renderSwitch(overlay.host(NodeId.of(node)));
    }

    private String renderSwitch(HostAgent only) {
        if (!(overlay.teamUplinks().underlay() instanceof SimulatedUnderlay tor)) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "the provider network is UDP, which has no"
                    + " in-process switch (start with " + NetworkComponent.UNDERLAY_PROPERTY + "=simulated)");
        }
        Map<Integer, HostAgent> byPa = new java.util.HashMap<>();
        for (HostAgent h : overlay.hosts()) {
            byPa.put(h.providerAddress(), h);
        }
        Table t = new Table("NODE", "LINK", "STATE", "PRIO", "PFC", "QUEUED", "BYTES", "PEAK BYTES", "TX FRAMES", "DROPS",
                "XOFF SENT", "XON SENT", "NIC PAUSED", "NIC QUEUED");
        for (SimulatedUnderlay.PortStatus p : tor.status()) {
            HostAgent h = byPa.get(p.providerAddress());
            if (only != null && h != only) {
                continue;
            }
            boolean first = true;
            for (SimulatedUnderlay.PriorityStatus q : p.priorities()) {
                if (!q.lossless() && q.txFrames() == 0 && q.drops() == 0 && q.queued() == 0 && q.nicQueued() == 0) {
                    continue;
                }
                t.row(first ? (h == null ? new Ipv4Address(p.providerAddress()) : h.node()) : "",
                        first ? (p.nic() == null ? "host" : p.nic()) : "", first ? (p.up() ? "up" : "DOWN") : "",
                        q.priority(), q.lossless() ? "lossless" : "-", q.queued(), q.queuedBytes(), q.peakBytes(),
                        q.txFrames(), q.drops(), q.pauseSent(), q.resumeSent(), q.nicPaused() ? "PAUSED" : "-",
                        q.nicQueued());
                first = false;
            }
        }
        return "lossless priorities " + tor.lossless() + "\n" + t.render(0);
    }

    private String render(List<HostAgent> hosts) {
        Table t = new Table("NODE", "PROVIDER ADDRESS", "CLASS", "NIC LINKS", "PFC PAUSED", "HOLDING", "HELD",
                "HOLD REFUSED", "TEAM DROPS");
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
            StringBuilder paused = new StringBuilder();
            for (Map.Entry<String, List<Integer>> e : s.paused().entrySet()) {
                for (int q : e.getValue()) {
                    paused.append(paused.length() == 0 ? "" : ", ").append(e.getKey()).append(" prio ").append(q);
                }
            }
            t.row(h.node(), new Ipv4Address(s.providerAddress()), s.trafficClass() == null ? "- (straight)"
                    : s.trafficClass(), links.length() == 0 ? "-" : links, paused.length() == 0 ? "-" : paused,
                    s.holding(), s.held(), s.holdRefused(), s.teamDropped());
        }
        return t.render(0);
    }
}
