package fabric.sdn.internal;

import fabric.api.network.Direction;
import fabric.api.network.Firewall;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.Protocol;
import fabric.api.network.ShadowedRule;
import fabric.api.network.TraceResult;
import fabric.sdn.internal.firewall.DistributedFirewall;
import fabric.sdn.internal.state.NetworkState;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The distributed firewall of the {@link NetworkComponent}'s overlay, as the {@link Firewall}
 * service; group changes and subnet associations are journaled (vNIC associations come back with
 * their vNICs).
 */
@Component(service = Firewall.class)
public final class FirewallComponent implements Firewall {

    private final DistributedFirewall firewall;
    private final NetworkState state;

    /** @param network the overlay whose hosts the firewall filters */
    @Activate
    public FirewallComponent(@Reference(name = "network") NetworkComponent network) {
        this.firewall = network.firewall();
        this.state = network.state();
    }

    @Override
    public List<ShadowedRule> apply(NetworkSecurityGroupSpec spec) {
        return state.apply(spec);
    }

    @Override
    public void delete(String name) {
        state.deleteGroup(name);
    }

    @Override
    public List<NetworkSecurityGroupSpec> groups() {
        return firewall.groups();
    }

    @Override
    public void associatePort(String group, String port) {
        firewall.associatePort(group, port);
    }

    @Override
    public void associateSubnet(String group, String virtualNetwork, Ipv4Prefix subnet) {
        state.associateSubnet(group, virtualNetwork, subnet);
    }

    @Override
    public void dissociateSubnet(String virtualNetwork, Ipv4Prefix subnet) {
        state.dissociateSubnet(virtualNetwork, subnet);
    }

    @Override
    public void dissociatePort(String port) {
        firewall.dissociatePort(port);
    }

    @Override
    public Map<String, Long> hits(String group) {
        return firewall.hits(group);
    }

    @Override
    public TraceResult trace(String port, Direction direction, Protocol protocol, Ipv4Address source, int sourcePort,
            Ipv4Address destination, int destinationPort) {
        return firewall.trace(port, direction, protocol, source, sourcePort, destination, destinationPort);
    }
}
