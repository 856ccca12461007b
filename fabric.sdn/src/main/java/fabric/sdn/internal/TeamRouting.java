package fabric.sdn.internal;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.teaming.EgressPort;
import fabric.api.teaming.TeamEgress;
import fabric.api.teaming.Teaming;
import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.underlay.TeamUplinks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Puts every node's virtual switch team in the overlay's path while a {@link TeamEgress} service is
 * there ({@link NetworkComponent} binds it): each host's VXLAN tunnel endpoint connects to its
 * node's team as the vPort {@value #VPORT}, with the tenant priority
 * ({@link TeamUplinks#TENANT_PRIORITY}), so encapsulated tenant frames are classified, steered over
 * the team's NICs (failover included) and scheduled by ETS before they reach the underlay. Without
 * the service (or for a node without a team) the hosts send straight to the underlay. When the
 * service is also the nodes' {@link Teaming} (fabric.set's component is both), the PFC pauses the
 * provider network asserts on a NIC's link reach the NIC's team ({@link Teaming#pfc}); a teams
 * service that is not gets none, and the paused NIC holds the frames itself.
 */
public final class TeamRouting {

    /** The vPort name of a host's tunnel endpoint on its node's switch. */
    public static final String VPORT = "vxlan-tep";

    private final OverlayFabric overlay;
    private final List<Integer> routedPa = new ArrayList<>();
    private final List<EgressPort> ports = new ArrayList<>();
    private TeamEgress teams;

    /** @param overlay the overlay whose hosts connect */
    public TeamRouting(OverlayFabric overlay) {
        this.overlay = overlay;
    }

    /**
     * Routes every host through its node's team (replacing an earlier service).
     *
     * @param service the nodes' teams
     * @return how many hosts now send through a team
     */
    public synchronized int connect(TeamEgress service) {
        return connect(service, TeamUplinks.TENANT_PRIORITY);
    }

    /**
     * Routes every host through its node's team (replacing an earlier service), its tunnel endpoint
     * sending with an 802.1p priority of choice: a lossless class's priority makes the overlay's
     * frames lossless too (paused and held, never dropped, when PFC pauses the class).
     *
     * @param service the nodes' teams
     * @param priority the 802.1p priority (0-7) of the tunnel endpoints' frames
     * @return how many hosts now send through a team
     */
    public synchronized int connect(TeamEgress service, int priority) {
        if (priority < 0 || priority > 7) {
            throw FabricException.invalid("priority", priority + " is not 0-7");
        }
        return connect(service, node -> priority);
    }

    /**
     * Routes every host through its node's team (replacing an earlier service), each node's tunnel
     * endpoint sending with its own 802.1p priority. When the service is also the nodes'
     * {@link Teaming}, the pauses the provider network's switch asserts on a NIC's link (PFC) reach
     * the NIC's team as its link partner's pause ({@link Teaming#pfc}).
     *
     * @param service the nodes' teams
     * @param priorityOf each node's tunnel endpoint priority (0-7)
     * @return how many hosts now send through a team
     */
    public synchronized int connect(TeamEgress service, ToIntFunction<NodeId> priorityOf) {
        for (HostAgent h : overlay.hosts()) {
            int p = priorityOf.applyAsInt(h.node());
            if (p < 0 || p > 7) {
                throw FabricException.invalid("priority", p + " (of " + h.node() + ") is not 0-7");
            }
        }
        disconnect(teams);
        Teaming control = service instanceof Teaming t ? t : null;
        TeamUplinks uplinks = overlay.teamUplinks();
        for (HostAgent h : overlay.hosts()) {
            EgressPort port;
            int priority = priorityOf.applyAsInt(h.node());
            try {
                port = service.connect(h.node(), VPORT, priority, uplinks.wire(h.providerAddress()));
            } catch (FabricException e) {
                // This node has no team (no NICs in the topology): its host keeps sending straight.
                continue;
            }
            NodeId node = h.node();
            uplinks.route(h.providerAddress(), port, priority,
                    control == null ? null : (nic, prio, paused) -> control.pfc(node, nic, prio, paused));
            routedPa.add(h.providerAddress());
            ports.add(port);
        }
        teams = service;
        return ports.size();
    }

    /** @return how many hosts send through their node's team */
    public synchronized int routedHosts() {
        return ports.size();
    }

    /**
     * The hosts send straight to the underlay again and the team ports are closed, if they were
     * connected through {@code service}.
     *
     * @param service the teams service that is going away
     */
    public synchronized void disconnect(TeamEgress service) {
        if (service == null || service != teams) {
            return;
        }
        TeamUplinks uplinks = overlay.teamUplinks();
        for (int i = 0; i < ports.size(); i++) {
            uplinks.route(routedPa.get(i), null);
            ports.get(i).close();
        }
        ports.clear();
        routedPa.clear();
        teams = null;
    }
}
