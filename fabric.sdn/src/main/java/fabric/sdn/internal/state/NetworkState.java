package fabric.sdn.internal.state;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.network.AddressMapping;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.MacAddress;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.ShadowedRule;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.firewall.DistributedFirewall;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.slb.SoftwareLoadBalancer;
import java.util.ArrayList;
import java.util.List;

/**
 * The network's durable configuration: virtual networks, API mappings, security groups and their
 * subnet associations are journaled when they change and replayed at start-up. Ports are not: the
 * vNICs that own them (VMs, diagnostic endpoints) attach again when they start, and with them their
 * mappings and vNIC group associations.
 */
public final class NetworkState {

    private final OverlayFabric overlay;
    private final DistributedFirewall firewall;
    private final Journal journal;
    private SoftwareLoadBalancer loadBalancer;
    private long replayed;
    private long skipped;

    /**
     * @param overlay the overlay
     * @param firewall its firewall
     * @param journal where changes are recorded
     */
    public NetworkState(OverlayFabric overlay, DistributedFirewall firewall, Journal journal) {
        this.overlay = overlay;
        this.firewall = firewall;
        this.journal = journal;
    }

    /**
     * @param slb the load balancer whose configuration is journaled here too (set before {@link #replay})
     */
    public synchronized void loadBalancer(SoftwareLoadBalancer slb) {
        this.loadBalancer = slb;
    }

    /**
     * Applies every recorded change in order. A change that no longer applies (its node or network
     * is gone from the topology) is skipped and counted.
     *
     * @throws FabricException {@code INTERNAL} when an event of a known type cannot be read
     */
    public void replay() {
        journal.replay(0, this::apply);
    }

    private void apply(JournalRecord r) {
        try {
            r.as(VirtualNetworkCreated.TYPE).ifPresent(e -> attempt(() -> overlay.create(spec(e))));
            r.as(VirtualNetworkDeleted.TYPE).ifPresent(e -> attempt(() -> overlay.delete(e.name())));
            r.as(AddressMapped.TYPE).ifPresent(e -> attempt(() -> overlay.map(mapping(e))));
            r.as(SecurityGroupApplied.TYPE).ifPresent(e -> attempt(() -> firewall.apply(
                    new NetworkSecurityGroupSpec(e.name(), RuleCodec.decode(e.rules()), e.stateful()))));
            r.as(SecurityGroupDeleted.TYPE).ifPresent(e -> attempt(() -> firewall.delete(e.name())));
            r.as(SubnetSecured.TYPE).ifPresent(e -> attempt(() -> firewall.associateSubnet(e.group(),
                    e.virtualNetwork(), Ipv4Prefix.parse(e.subnet()))));
            r.as(SubnetUnsecured.TYPE).ifPresent(e -> attempt(() -> firewall.dissociateSubnet(e.virtualNetwork(),
                    Ipv4Prefix.parse(e.subnet()))));
            if (loadBalancer != null) {
                r.as(LoadBalancerApplied.TYPE).ifPresent(e -> attempt(() -> loadBalancer.apply(
                        LoadBalancerCodec.decode(e.spec()))));
                r.as(LoadBalancerDeleted.TYPE).ifPresent(e -> attempt(() -> loadBalancer.delete(e.name())));
            }
        } catch (IllegalArgumentException e) {
            throw new FabricException(ErrorCode.INTERNAL, "journal event " + r.index() + " (" + r.type()
                    + ") cannot be read: " + e.getMessage(), e);
        }
    }

    private void attempt(Runnable change) {
        try {
            change.run();
            replayed++;
        } catch (FabricException e) {
            skipped++;
        }
    }

    private static VirtualNetworkSpec spec(VirtualNetworkCreated e) {
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        for (String p : e.addressSpace().split(",")) {
            prefixes.add(Ipv4Prefix.parse(p));
        }
        return new VirtualNetworkSpec(e.name(), e.vni(), prefixes, e.encapsulation());
    }

    private static AddressMapping mapping(AddressMapped e) {
        return new AddressMapping(e.virtualNetwork(), Ipv4Address.parse(e.customerAddress()),
                MacAddress.parse(e.customerMac()), Ipv4Address.parse(e.providerAddress()));
    }

    /** @return changes applied by the last replay */
    public long replayed() {
        return replayed;
    }

    /** @return changes the last replay skipped because they no longer apply */
    public long skipped() {
        return skipped;
    }

    /** @param spec a network to create, then record */
    public synchronized void create(VirtualNetworkSpec spec) {
        overlay.create(spec);
        StringBuilder space = new StringBuilder();
        for (Ipv4Prefix p : spec.addressSpace()) {
            space.append(space.length() == 0 ? "" : ",").append(p);
        }
        journal.append(VirtualNetworkCreated.TYPE, new VirtualNetworkCreated(spec.name(), spec.vni(), space.toString(),
                spec.encapsulation()));
    }

    /** @param name a network to delete, then record */
    public synchronized void delete(String name) {
        overlay.delete(name);
        journal.append(VirtualNetworkDeleted.TYPE, new VirtualNetworkDeleted(name));
    }

    /** @param m a mapping to set, then record */
    public synchronized void map(AddressMapping m) {
        overlay.map(m);
        journal.append(AddressMapped.TYPE, new AddressMapped(m.virtualNetwork(), m.customerAddress().toString(),
                m.customerMac().toString(), m.providerAddress().toString()));
    }

    /**
     * @param spec a group to apply, then record
     * @return its shadowed rules
     */
    public synchronized List<ShadowedRule> apply(NetworkSecurityGroupSpec spec) {
        List<ShadowedRule> shadowed = firewall.apply(spec);
        journal.append(SecurityGroupApplied.TYPE, new SecurityGroupApplied(spec.name(), spec.stateful(),
                RuleCodec.encode(spec.rules())));
        return shadowed;
    }

    /** @param name a group to delete, then record */
    public synchronized void deleteGroup(String name) {
        firewall.delete(name);
        journal.append(SecurityGroupDeleted.TYPE, new SecurityGroupDeleted(name));
    }

    /**
     * @param group a group
     * @param virtualNetwork a network
     * @param subnet a subnet to associate, then record
     */
    public synchronized void associateSubnet(String group, String virtualNetwork, Ipv4Prefix subnet) {
        firewall.associateSubnet(group, virtualNetwork, subnet);
        journal.append(SubnetSecured.TYPE, new SubnetSecured(group, virtualNetwork, subnet.toString()));
    }

    /**
     * @param virtualNetwork a network
     * @param subnet a subnet whose association to remove, then record
     */
    public synchronized void dissociateSubnet(String virtualNetwork, Ipv4Prefix subnet) {
        firewall.dissociateSubnet(virtualNetwork, subnet);
        journal.append(SubnetUnsecured.TYPE, new SubnetUnsecured(virtualNetwork, subnet.toString()));
    }

    /**
     * @param spec a load balancer to create or replace, then record (nothing is recorded when it is unchanged)
     */
    public synchronized void applyLoadBalancer(LoadBalancerSpec spec) {
        boolean same = loadBalancer.specs().contains(spec);
        loadBalancer.apply(spec);
        if (!same) {
            journal.append(LoadBalancerApplied.TYPE, new LoadBalancerApplied(spec.name(), LoadBalancerCodec.encode(spec)));
        }
    }

    /** @param name a load balancer to delete, then record */
    public synchronized void deleteLoadBalancer(String name) {
        loadBalancer.delete(name);
        journal.append(LoadBalancerDeleted.TYPE, new LoadBalancerDeleted(name));
    }
}
