package fabric.sdn.controller.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.Violation;
import fabric.api.network.Access;
import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.PortRange;
import fabric.api.network.ProbeProtocol;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns an ARM body into a validated resource and its stored form, checking it alone and against the
 * current state. Collects every violation (field path and reason) and throws them together, so a
 * rejected body changes nothing. Values the controller allocates (VNI, private IP, MAC, public IP)
 * are filled in on create, kept on update, and read back from the stored form on replay.
 */
final class ResourceParser {

    /** Where a resource's allocations come from. */
    enum Mode {
        /** A client's write: allocate what is missing, keep what the current version holds. */
        WRITE,
        /** Replaying the journal: the stored form already holds every allocation. */
        REPLAY
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final State state;
    private final Set<NodeId> nodes;
    private final Ipv4Prefix publicPool;
    private final int vniBase;
    private final Mode mode;
    private final List<Violation> violations = new ArrayList<>();

    ResourceParser(State state, Set<NodeId> nodes, Ipv4Prefix publicPool, int vniBase, Mode mode) {
        this.state = state;
        this.nodes = nodes;
        this.publicPool = publicPool;
        this.vniBase = vniBase;
        this.mode = mode;
    }

    /** The parsed resource and the body to store (without etag and provisioning state). */
    record Parsed(Model.Resource resource, ObjectNode stored) {
    }

    /**
     * @param id the resource
     * @param body the client's body
     * @return the resource and its stored form
     * @throws FabricException {@code INVALID_ARGUMENT} with every violation
     */
    Parsed parse(ResourceId id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw FabricException.invalid("body", "is not a JSON object");
        }
        JsonNode name = body.get("name");
        if (name != null && !name.asText().equals(id.name())) {
            violation("name", "'" + name.asText() + "' differs from the name in the path, '" + id.name() + "'");
        }
        ResourceId other = state.sameName(id.type(), id.name());
        if (other != null && !other.equals(id)) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, id.type().armName() + " name '" + id.name()
                    + "' is already used by " + other + " (data-plane names are fabric-wide)");
        }
        JsonNode props = body.path("properties");
        if (!props.isMissingNode() && !props.isObject()) {
            violation("properties", "is not an object");
            props = F.objectNode();
        }
        ObjectNode out = F.objectNode();
        out.put("id", id.path());
        out.put("name", id.name());
        out.put("type", id.type().armType());
        out.put("location", body.path("location").asText("local"));
        if (body.has("tags") && body.get("tags").isObject()) {
            out.set("tags", body.get("tags"));
        }
        ObjectNode outProps = out.putObject("properties");
        Model.Resource r = switch (id.type()) {
            case VIRTUAL_NETWORK -> vnet(id, props, outProps);
            case NETWORK_INTERFACE -> nic(id, props, outProps);
            case NETWORK_SECURITY_GROUP -> nsg(id, props, outProps);
            case LOAD_BALANCER -> lb(id, props, outProps);
            case PUBLIC_IP_ADDRESS -> pip(id, props, outProps);
        };
        if (!violations.isEmpty() || r == null) {
            Violation first = violations.get(0);
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, id.type().armName() + " " + id.name() + ": "
                    + first + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""),
                    violations, null);
        }
        return new Parsed(r, out);
    }

    // ---- virtual networks

    private Model.Vnet vnet(ResourceId id, JsonNode p, ObjectNode out) {
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        JsonNode list = p.path("addressSpace").path("addressPrefixes");
        if (!list.isArray() || list.isEmpty()) {
            violation("properties.addressSpace.addressPrefixes", "needs at least one prefix");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String f = "properties.addressSpace.addressPrefixes[" + i + "]";
                Ipv4Prefix prefix = prefix(f, list.get(i));
                if (prefix == null) {
                    continue;
                }
                for (Ipv4Prefix q : prefixes) {
                    if (overlap(prefix, q)) {
                        violation(f, prefix + " overlaps " + q + " of the same virtual network");
                    }
                }
                prefixes.add(prefix);
            }
        }
        List<Model.Subnet> subnets = new ArrayList<>();
        JsonNode sl = p.path("subnets");
        if (!sl.isMissingNode() && !sl.isArray()) {
            violation("properties.subnets", "is not an array");
        }
        for (int i = 0; i < sl.size(); i++) {
            String f = "properties.subnets[" + i + "]";
            JsonNode s = sl.get(i);
            String name = s.path("name").asText("");
            if (!validName(name)) {
                violation(f + ".name", "'" + name + "' is not 1-63 lower-case letters, digits and hyphens");
                continue;
            }
            if (subnets.stream().anyMatch(x -> x.name().equals(name))) {
                violation(f + ".name", "two subnets are named " + name);
                continue;
            }
            ResourceId subnetNsg = reference(f + ".properties.networkSecurityGroup.id",
                    s.path("properties").path("networkSecurityGroup"), ResourceType.NETWORK_SECURITY_GROUP);
            Ipv4Prefix prefix = prefix(f + ".properties.addressPrefix", s.path("properties").path("addressPrefix"));
            if (prefix == null) {
                continue;
            }
            if (prefixes.stream().noneMatch(q -> q.covers(prefix))) {
                violation(f + ".properties.addressPrefix", prefix + " is outside the address space " + prefixes);
            }
            for (Model.Subnet q : subnets) {
                if (overlap(prefix, q.prefix())) {
                    violation(f + ".properties.addressPrefix", prefix + " overlaps subnet " + q.name() + " ("
                            + q.prefix() + ")");
                }
            }
            subnets.add(new Model.Subnet(name, prefix, subnetNsg));
        }
        Encapsulation enc = Encapsulation.VXLAN;
        String encText = p.path("encapsulation").asText("vxlan");
        try {
            enc = Encapsulation.valueOf(encText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violation("properties.encapsulation", "'" + encText + "' is not vxlan or nvgre");
        }
        // Existing NICs must keep their subnet and stay inside it.
        for (ResourceId nicId : state.nicsInVnet(id)) {
            Model.Nic nic = state.get(nicId, Model.Nic.class);
            Model.Subnet s = subnets.stream().filter(x -> x.name().equals(nic.subnet())).findFirst().orElse(null);
            if (s == null) {
                violation("properties.subnets", "subnet " + nic.subnet() + " is in use by " + nicId.name());
            } else if (!s.prefix().contains(nic.ip().value())) {
                violation("properties.subnets", "subnet " + s.name() + " would no longer hold " + nic.ip() + " of "
                        + nicId.name());
            }
        }
        int vni = allocateVni(id, p);
        ArrayNode outPrefixes = out.putObject("addressSpace").putArray("addressPrefixes");
        prefixes.forEach(x -> outPrefixes.add(x.toString()));
        ArrayNode outSubnets = out.putArray("subnets");
        for (Model.Subnet s : subnets) {
            ObjectNode o = outSubnets.addObject();
            o.put("id", id.path() + "/subnets/" + s.name());
            o.put("name", s.name());
            ObjectNode sp = o.putObject("properties").put("addressPrefix", s.prefix().toString());
            if (s.nsg() != null) {
                sp.putObject("networkSecurityGroup").put("id", s.nsg().path());
            }
        }
        out.put("vni", vni);
        out.put("encapsulation", enc.name().toLowerCase(Locale.ROOT));
        return new Model.Vnet(id, prefixes, subnets, vni, enc);
    }

    private int allocateVni(ResourceId id, JsonNode p) {
        Model.Vnet current = state.get(id, Model.Vnet.class);
        if (mode == Mode.REPLAY) {
            return p.path("vni").asInt();
        }
        if (current != null) {
            return current.vni();
        }
        Set<Integer> used = new HashSet<>();
        state.all(Model.Vnet.class).forEach(v -> used.add(v.vni()));
        int vni = vniBase;
        while (used.contains(vni)) {
            vni++;
        }
        return vni;
    }

    // ---- network interfaces

    private Model.Nic nic(ResourceId id, JsonNode p, ObjectNode out) {
        Model.Nic current = state.get(id, Model.Nic.class);
        String nodeText = p.path("node").asText("");
        NodeId node = null;
        if (nodeText.isEmpty()) {
            violation("properties.node", "names no node (the fabric's placement of the vNIC)");
        } else if (!nodes.contains(new NodeId(nodeText))) {
            violation("properties.node", "'" + nodeText + "' is not a node of the topology");
        } else {
            node = new NodeId(nodeText);
        }
        ResourceId nsg = reference("properties.networkSecurityGroup.id", p.path("networkSecurityGroup"),
                ResourceType.NETWORK_SECURITY_GROUP);
        JsonNode configs = p.path("ipConfigurations");
        if (!configs.isArray() || configs.size() != 1) {
            violation("properties.ipConfigurations", "needs exactly one IP configuration");
            return null;
        }
        String f = "properties.ipConfigurations[0]";
        JsonNode c = configs.get(0);
        String configName = c.path("name").asText("ipconfig1");
        JsonNode cp = c.path("properties");
        String subnetId = cp.path("subnet").path("id").asText("");
        int cut = subnetId.indexOf("/subnets/");
        ResourceId vnetId = null;
        Model.Vnet vnet = null;
        Model.Subnet subnet = null;
        if (cut < 0) {
            violation(f + ".properties.subnet.id", "'" + subnetId + "' is not a subnet id (<virtual network id>/subnets/<name>)");
        } else {
            vnetId = id(f + ".properties.subnet.id", subnetId.substring(0, cut), ResourceType.VIRTUAL_NETWORK);
            vnet = vnetId == null ? null : state.get(vnetId, Model.Vnet.class);
            if (vnetId != null && vnet == null) {
                violation(f + ".properties.subnet.id", "virtual network " + vnetId + " does not exist");
            } else if (vnet != null) {
                subnet = vnet.subnet(subnetId.substring(cut + "/subnets/".length()));
                if (subnet == null) {
                    violation(f + ".properties.subnet.id", "virtual network " + vnetId.name() + " has no subnet "
                            + subnetId.substring(cut + "/subnets/".length()));
                }
            }
        }
        if (current != null && vnetId != null && !current.vnet().equals(vnetId)) {
            violation(f + ".properties.subnet.id", "a network interface cannot move to another virtual network");
        }
        Ipv4Address ip = null;
        String ipText = cp.path("privateIPAddress").asText("");
        String method = cp.path("privateIPAllocationMethod").asText(ipText.isEmpty() ? "Dynamic" : "Static");
        boolean staticIp = method.equalsIgnoreCase("Static");
        if (!staticIp && !method.equalsIgnoreCase("Dynamic")) {
            violation(f + ".properties.privateIPAllocationMethod", "'" + method + "' is not Static or Dynamic");
        }
        if (subnet != null) {
            if (!ipText.isEmpty() && (staticIp || mode == Mode.REPLAY)) {
                ip = address(f + ".properties.privateIPAddress", ipText);
                if (ip != null && !subnet.prefix().contains(ip.value())) {
                    violation(f + ".properties.privateIPAddress", ip + " is outside subnet " + subnet.name() + " ("
                            + subnet.prefix() + ")");
                    ip = null;
                } else if (ip != null && reserved(subnet.prefix(), ip)) {
                    violation(f + ".properties.privateIPAddress", ip + " is reserved in " + subnet.prefix()
                            + " (network, the first three and the broadcast address)");
                    ip = null;
                }
                if (ip != null) {
                    ResourceId holder = ipHolder(vnetId, ip, id);
                    if (holder != null) {
                        violation(f + ".properties.privateIPAddress", ip + " is already used by " + holder.name());
                        ip = null;
                    }
                }
            } else if (current != null && current.subnet().equals(subnet.name())) {
                ip = current.ip();
            } else {
                ip = allocateIp(f + ".properties.privateIPAddress", vnetId, subnet, id);
            }
        }
        MacAddress mac = null;
        String macText = p.path("macAddress").asText("");
        if (!macText.isEmpty()) {
            try {
                mac = MacAddress.parse(macText);
                if (mac.isMulticast() || mac.value() == 0) {
                    violation("properties.macAddress", macText + " is not a unicast address");
                    mac = null;
                }
            } catch (RuntimeException e) {
                violation("properties.macAddress", "'" + macText + "' is not a MAC address");
            }
            for (Model.Nic n : state.all(Model.Nic.class)) {
                if (mac != null && n.mac().equals(mac) && !n.id().equals(id)) {
                    violation("properties.macAddress", macText + " is already used by " + n.id().name());
                }
            }
        } else if (current != null) {
            mac = current.mac();
        } else {
            mac = allocateMac();
        }
        List<String> pools = new ArrayList<>();
        JsonNode pl = cp.path("loadBalancerBackendAddressPools");
        for (int i = 0; i < pl.size(); i++) {
            String pf = f + ".properties.loadBalancerBackendAddressPools[" + i + "].id";
            String poolId = pl.get(i).path("id").asText("");
            int at = poolId.indexOf("/backendAddressPools/");
            ResourceId lbId = at < 0 ? null : id(pf, poolId.substring(0, at), ResourceType.LOAD_BALANCER);
            Model.Lb lb = lbId == null ? null : state.get(lbId, Model.Lb.class);
            String poolName = at < 0 ? "" : poolId.substring(at + "/backendAddressPools/".length());
            if (at < 0) {
                violation(pf, "'" + poolId + "' is not a backend pool id (<load balancer id>/backendAddressPools/<name>)");
            } else if (lb == null && lbId != null) {
                violation(pf, "load balancer " + lbId + " does not exist");
            } else if (lb != null && !lb.pools().contains(poolName)) {
                violation(pf, "load balancer " + lbId.name() + " has no backend pool " + poolName);
            } else if (lb != null) {
                pools.add(lbId.path() + "/backendAddressPools/" + poolName);
            }
        }
        if (nsg != null) {
            out.putObject("networkSecurityGroup").put("id", nsg.path());
        }
        out.put("node", nodeText);
        if (mac != null) {
            out.put("macAddress", mac.toString().replace(':', '-').toUpperCase(Locale.ROOT));
        }
        ObjectNode oc = out.putArray("ipConfigurations").addObject();
        oc.put("id", id.path() + "/ipConfigurations/" + configName);
        oc.put("name", configName);
        ObjectNode ocp = oc.putObject("properties");
        ocp.putObject("subnet").put("id", subnetId);
        if (ip != null) {
            ocp.put("privateIPAddress", ip.toString());
        }
        ocp.put("privateIPAllocationMethod", staticIp ? "Static" : "Dynamic");
        if (!pools.isEmpty()) {
            ArrayNode op = ocp.putArray("loadBalancerBackendAddressPools");
            pools.forEach(x -> op.addObject().put("id", x));
        }
        if (node == null || vnetId == null || subnet == null || ip == null || mac == null) {
            if (violations.isEmpty()) {
                violation("properties", "is incomplete");
            }
            return null;
        }
        return new Model.Nic(id, node, vnetId, subnet.name(), ip, mac, nsg, List.copyOf(pools));
    }

    private static boolean reserved(Ipv4Prefix subnet, Ipv4Address ip) {
        if (subnet.length() >= 31) {
            return false;
        }
        long offset = (ip.value() & 0xFFFF_FFFFL) - (subnet.address().value() & 0xFFFF_FFFFL);
        long size = 1L << (32 - subnet.length());
        return offset < 4 || offset == size - 1;
    }

    private ResourceId ipHolder(ResourceId vnet, Ipv4Address ip, ResourceId self) {
        for (ResourceId n : state.nicsInVnet(vnet)) {
            if (!n.equals(self) && state.get(n, Model.Nic.class).ip().equals(ip)) {
                return n;
            }
        }
        return null;
    }

    private Ipv4Address allocateIp(String field, ResourceId vnet, Model.Subnet subnet, ResourceId self) {
        long base = subnet.prefix().address().value() & 0xFFFF_FFFFL;
        long size = 1L << (32 - subnet.prefix().length());
        for (long off = 4; off < size - 1; off++) {
            Ipv4Address a = new Ipv4Address((int) (base + off));
            if (ipHolder(vnet, a, self) == null) {
                return a;
            }
        }
        violation(field, "subnet " + subnet.name() + " (" + subnet.prefix() + ") has no free address");
        return null;
    }

    private MacAddress allocateMac() {
        Set<Long> used = new HashSet<>();
        state.all(Model.Nic.class).forEach(n -> used.add(n.mac().value()));
        long mac = 0x00_0D_3A_00_00_01L; // the OUI Azure gives vNICs
        while (used.contains(mac)) {
            mac++;
        }
        return new MacAddress(mac);
    }

    // ---- network security groups

    private static final Map<String, Direction> DIRECTIONS = Map.of("inbound", Direction.INBOUND, "outbound",
            Direction.OUTBOUND);
    private static final Map<String, Access> ACCESSES = Map.of("allow", Access.ALLOW, "deny", Access.DENY);
    private static final Map<String, Protocol> PROTOCOLS = Map.of("*", Protocol.ANY, "tcp", Protocol.TCP, "udp",
            Protocol.UDP, "icmp", Protocol.ICMP);

    private Model.Nsg nsg(ResourceId id, JsonNode p, ObjectNode out) {
        JsonNode rules = p.path("securityRules");
        if (!rules.isMissingNode() && !rules.isArray()) {
            violation("properties.securityRules", "is not an array");
        }
        List<SecurityRule> parsed = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> priorities = new HashMap<>();
        ArrayNode outRules = out.putArray("securityRules");
        // A rule whose body is the one stored at the same place was validated then: it is reused as it
        // is (one rule changed in a group of a hundred validates one rule), only its name and priority are
        // checked against the others again.
        Model.Nsg current = state.get(id, Model.Nsg.class);
        JsonNode storedRules = current == null ? null : state.stored(id).path("properties").path("securityRules");
        String rulePath = id.path() + "/securityRules/";
        for (int i = 0; i < rules.size(); i++) {
            JsonNode r = rules.get(i);
            JsonNode rp = r.path("properties");
            String name = r.path("name").asText("");
            String lower = name.toLowerCase(Locale.ROOT);
            JsonNode was = storedRules != null && i < storedRules.size() ? storedRules.get(i) : null;
            if (was != null && i < current.spec().rules().size() && name.equals(was.path("name").asText())
                    && rp.equals(was.path("properties")) && current.spec().rules().get(i).name().equals(lower)) {
                SecurityRule same = current.spec().rules().get(i);
                Integer dupName = names.putIfAbsent(lower, i);
                Integer dupPriority = priorities.putIfAbsent(same.direction() + "/" + same.priority(), i);
                if (dupName == null && dupPriority == null) {
                    parsed.add(same);
                    ObjectNode o = outRules.addObject();
                    o.put("id", rulePath + name);
                    o.put("name", name);
                    o.set("properties", rp);
                    continue;
                }
                names.remove(lower, i);
                priorities.remove(same.direction() + "/" + same.priority(), i);
            }
            String f = "properties.securityRules[" + i + "]";
            int before = violations.size();
            if (!validName(lower)) {
                violation(f + ".name", "'" + name + "' is not 1-63 letters, digits and hyphens");
            } else if (names.putIfAbsent(lower, i) != null) {
                violation(f + ".name", "rule " + name + " is also securityRules[" + names.get(lower) + "]");
            }
            Direction direction = choice(f + ".properties.direction", rp.path("direction"), Direction.class, DIRECTIONS);
            Access access = choice(f + ".properties.access", rp.path("access"), Access.class, ACCESSES);
            Protocol protocol = choice(f + ".properties.protocol", rp.path("protocol"), Protocol.class, PROTOCOLS);
            int priority = rp.path("priority").asInt(-1);
            if (!rp.path("priority").isInt() || priority < SecurityRule.MIN_PRIORITY || priority > SecurityRule.MAX_PRIORITY) {
                violation(f + ".properties.priority", "'" + rp.path("priority").asText() + "' is not "
                        + SecurityRule.MIN_PRIORITY + "-" + SecurityRule.MAX_PRIORITY);
            } else if (direction != null) {
                Integer dup = priorities.putIfAbsent(direction + "/" + priority, i);
                if (dup != null) {
                    violation(f + ".properties.priority", "priority " + priority + " is also used by the "
                            + direction.name().toLowerCase(Locale.ROOT) + " rule securityRules[" + dup + "]");
                }
            }
            String fp = f + ".properties";
            List<AddressPrefix> src = list(fp, rp, "sourceAddressPrefix", "sourceAddressPrefixes", AddressPrefix::parse);
            List<PortRange> sport = list(fp, rp, "sourcePortRange", "sourcePortRanges", PortRange::parse);
            List<AddressPrefix> dst = list(fp, rp, "destinationAddressPrefix", "destinationAddressPrefixes",
                    AddressPrefix::parse);
            List<PortRange> dport = list(fp, rp, "destinationPortRange", "destinationPortRanges", PortRange::parse);
            if (violations.size() == before) {
                try {
                    parsed.add(new SecurityRule(lower, priority, direction, access, protocol,
                            src, sport, dst, dport));
                } catch (RuntimeException e) {
                    violation(f, e.getMessage());
                }
            }
            ObjectNode o = outRules.addObject();
            o.put("id", rulePath + name);
            o.put("name", name);
            // The client's tree is parsed per request and never changed afterwards: stored as it is.
            o.set("properties", rp.isObject() ? rp : F.objectNode());
        }
        boolean stateful = p.path("stateful").asBoolean(true);
        out.put("stateful", stateful);
        if (!violations.isEmpty()) {
            return null;
        }
        try {
            return new Model.Nsg(id, new NetworkSecurityGroupSpec(id.name(), parsed, stateful));
        } catch (RuntimeException e) {
            violation("properties.securityRules", e.getMessage());
            return null;
        }
    }

    private <T> List<T> list(String f, JsonNode p, String single, String plural, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        JsonNode one = p.path(single);
        JsonNode many = p.path(plural);
        List<JsonNode> items = new ArrayList<>();
        if (!one.isMissingNode() && !one.isNull() && !one.asText().isEmpty()) {
            items.add(one);
        }
        if (many.isArray()) {
            many.forEach(items::add);
            if (items.size() > many.size()) {
                violation(f + "." + single, "give either " + single + " or its plural, not both");
                return out;
            }
        }
        if (items.isEmpty()) {
            violation(f + "." + single, "is missing");
        }
        for (JsonNode n : items) {
            try {
                out.add(parse.apply(n.asText()));
            } catch (RuntimeException e) {
                violation(f + "." + single, "'" + n.asText() + "' is not valid: " + e.getMessage());
            }
        }
        return out;
    }

    private <E> E choice(String field, JsonNode node, Class<E> type, Map<String, E> values) {
        E e = values.get(node.asText("").toLowerCase(Locale.ROOT));
        if (e == null) {
            violation(field, "'" + node.asText("") + "' is not one of " + new java.util.TreeSet<>(values.keySet()));
        }
        return e;
    }

    // ---- public IP addresses

    private Model.Pip pip(ResourceId id, JsonNode p, ObjectNode out) {
        Model.Pip current = state.get(id, Model.Pip.class);
        String method = p.path("publicIPAllocationMethod").asText("Dynamic");
        if (!method.equalsIgnoreCase("Static") && !method.equalsIgnoreCase("Dynamic")) {
            violation("properties.publicIPAllocationMethod", "'" + method + "' is not Static or Dynamic");
            return null;
        }
        boolean isStatic = method.equalsIgnoreCase("Static");
        String text = p.path("ipAddress").asText("");
        Ipv4Address ip;
        if (!text.isEmpty() && (isStatic || mode == Mode.REPLAY)) {
            ip = address("properties.ipAddress", text);
            if (ip == null) {
                return null;
            }
            if (!publicPool.contains(ip.value())) {
                violation("properties.ipAddress", ip + " is outside the public address pool " + publicPool);
                return null;
            }
            for (Model.Pip q : state.all(Model.Pip.class)) {
                if (q.address().equals(ip) && !q.id().equals(id)) {
                    violation("properties.ipAddress", ip + " is already used by " + q.id().name());
                    return null;
                }
            }
        } else if (current != null) {
            ip = current.address();
        } else {
            Set<Integer> used = new HashSet<>();
            state.all(Model.Pip.class).forEach(q -> used.add(q.address().value()));
            long base = publicPool.address().value() & 0xFFFF_FFFFL;
            long size = 1L << (32 - publicPool.length());
            ip = null;
            for (long off = 1; off < size - 1 && ip == null; off++) {
                if (!used.contains((int) (base + off))) {
                    ip = new Ipv4Address((int) (base + off));
                }
            }
            if (ip == null) {
                violation("properties.ipAddress", "the public address pool " + publicPool + " is exhausted");
                return null;
            }
        }
        out.put("publicIPAllocationMethod", isStatic ? "Static" : "Dynamic");
        out.put("ipAddress", ip.toString());
        return new Model.Pip(id, ip, isStatic);
    }

    // ---- load balancers

    private Model.Lb lb(ResourceId id, JsonNode p, ObjectNode out) {
        List<Model.Frontend> frontends = new ArrayList<>();
        JsonNode fl = p.path("frontendIPConfigurations");
        if (!fl.isArray() || fl.isEmpty()) {
            violation("properties.frontendIPConfigurations", "needs at least one frontend");
        }
        ArrayNode outF = out.putArray("frontendIPConfigurations");
        for (int i = 0; i < fl.size(); i++) {
            String f = "properties.frontendIPConfigurations[" + i + "]";
            String name = subName(f, fl.get(i), frontends.stream().map(Model.Frontend::name).toList());
            ResourceId pipId = reference(f + ".properties.publicIPAddress.id",
                    fl.get(i).path("properties").path("publicIPAddress"), ResourceType.PUBLIC_IP_ADDRESS);
            if (pipId == null) {
                if (!fl.get(i).path("properties").has("publicIPAddress")) {
                    violation(f + ".properties.publicIPAddress", "is missing (frontends use public IP addresses)");
                }
                continue;
            }
            for (Model.Lb other : state.all(Model.Lb.class)) {
                for (Model.Frontend of : other.frontends()) {
                    if (of.publicIp().equals(pipId) && !other.id().equals(id)) {
                        violation(f + ".properties.publicIPAddress.id", pipId.name() + " is already the frontend of "
                                + other.id().name());
                    }
                }
            }
            if (frontends.stream().anyMatch(x -> x.publicIp().equals(pipId))) {
                violation(f + ".properties.publicIPAddress.id", pipId.name() + " is used by two frontends");
            }
            if (name != null) {
                frontends.add(new Model.Frontend(name, pipId));
                ObjectNode o = outF.addObject();
                o.put("id", id.path() + "/frontendIPConfigurations/" + name);
                o.put("name", name);
                o.putObject("properties").putObject("publicIPAddress").put("id", pipId.path());
            }
        }
        List<String> pools = new ArrayList<>();
        JsonNode pl = p.path("backendAddressPools");
        ArrayNode outP = out.putArray("backendAddressPools");
        for (int i = 0; i < pl.size(); i++) {
            String name = subName("properties.backendAddressPools[" + i + "]", pl.get(i), pools);
            if (name != null) {
                pools.add(name);
                ObjectNode o = outP.addObject();
                o.put("id", id.path() + "/backendAddressPools/" + name);
                o.put("name", name);
            }
        }
        for (ResourceId nicId : state.nicsInLb(id)) {
            for (String pool : state.get(nicId, Model.Nic.class).pools()) {
                String poolName = pool.substring(pool.lastIndexOf('/') + 1);
                if (State.lbOf(pool).equals(id) && !pools.contains(poolName)) {
                    violation("properties.backendAddressPools", "pool " + poolName + " is in use by " + nicId.name());
                }
            }
        }
        List<Model.Probe> probes = new ArrayList<>();
        JsonNode prl = p.path("probes");
        ArrayNode outPr = out.putArray("probes");
        for (int i = 0; i < prl.size(); i++) {
            String f = "properties.probes[" + i + "]";
            String name = subName(f, prl.get(i), probes.stream().map(Model.Probe::name).toList());
            JsonNode pp = prl.get(i).path("properties");
            ProbeProtocol protocol = choice(f + ".properties.protocol", pp.path("protocol"), ProbeProtocol.class,
                    Map.of("tcp", ProbeProtocol.TCP, "http", ProbeProtocol.HTTP));
            int port = port(f + ".properties.port", pp.path("port"));
            String path = null;
            if (protocol == ProbeProtocol.HTTP) {
                path = pp.path("requestPath").asText("");
                if (!path.startsWith("/") || path.contains(" ") || path.length() > 200) {
                    violation(f + ".properties.requestPath", "'" + path + "' is not a path (starts with /, no spaces,"
                            + " at most 200 characters)");
                    path = null;
                }
            } else if (pp.has("requestPath")) {
                violation(f + ".properties.requestPath", "a Tcp probe has no request path");
            }
            if (name != null && protocol != null && port > 0 && (protocol == ProbeProtocol.TCP || path != null)) {
                probes.add(new Model.Probe(name, protocol, port, path));
                ObjectNode o = outPr.addObject();
                o.put("id", id.path() + "/probes/" + name);
                o.put("name", name);
                ObjectNode op = o.putObject("properties").put("protocol", protocol == ProbeProtocol.TCP ? "Tcp" : "Http")
                        .put("port", port);
                if (path != null) {
                    op.put("requestPath", path);
                }
            }
        }
        List<Model.Rule> rules = new ArrayList<>();
        JsonNode rl = p.path("loadBalancingRules");
        ArrayNode outR = out.putArray("loadBalancingRules");
        Set<String> listeners = new HashSet<>();
        for (int i = 0; i < rl.size(); i++) {
            String f = "properties.loadBalancingRules[" + i + "]";
            String name = subName(f, rl.get(i), rules.stream().map(Model.Rule::name).toList());
            JsonNode rp = rl.get(i).path("properties");
            String fe = child(f + ".properties.frontendIPConfiguration.id", rp.path("frontendIPConfiguration"), id,
                    "frontendIPConfigurations", frontends.stream().map(Model.Frontend::name).toList());
            String pool = child(f + ".properties.backendAddressPool.id", rp.path("backendAddressPool"), id,
                    "backendAddressPools", pools);
            String probe = rp.has("probe") ? child(f + ".properties.probe.id", rp.path("probe"), id, "probes",
                    probes.stream().map(Model.Probe::name).toList()) : null;
            Protocol protocol = choice(f + ".properties.protocol", rp.path("protocol"), Protocol.class,
                    Map.of("tcp", Protocol.TCP, "udp", Protocol.UDP));
            int fp = port(f + ".properties.frontendPort", rp.path("frontendPort"));
            int bp = port(f + ".properties.backendPort", rp.path("backendPort"));
            if (fe != null && protocol != null && fp > 0 && !listeners.add(fe + "/" + protocol + "/" + fp)) {
                violation(f + ".properties.frontendPort", "frontend " + fe + " already balances " + protocol + " port " + fp);
            }
            if (name != null && fe != null && pool != null && protocol != null && fp > 0 && bp > 0
                    && (probe != null || !rp.has("probe"))) {
                rules.add(new Model.Rule(name, fe, pool, protocol, fp, bp, probe));
                ObjectNode o = outR.addObject();
                o.put("id", id.path() + "/loadBalancingRules/" + name);
                o.put("name", name);
                ObjectNode op = o.putObject("properties");
                op.putObject("frontendIPConfiguration").put("id", id.path() + "/frontendIPConfigurations/" + fe);
                op.putObject("backendAddressPool").put("id", id.path() + "/backendAddressPools/" + pool);
                if (probe != null) {
                    op.putObject("probe").put("id", id.path() + "/probes/" + probe);
                }
                op.put("protocol", protocol == Protocol.TCP ? "Tcp" : "Udp");
                op.put("frontendPort", fp);
                op.put("backendPort", bp);
            }
        }
        List<Model.Outbound> outbound = new ArrayList<>();
        JsonNode ol = p.path("outboundRules");
        ArrayNode outO = out.putArray("outboundRules");
        for (int i = 0; i < ol.size(); i++) {
            String f = "properties.outboundRules[" + i + "]";
            String name = subName(f, ol.get(i), outbound.stream().map(Model.Outbound::name).toList());
            JsonNode op = ol.get(i).path("properties");
            JsonNode fes = op.path("frontendIPConfigurations");
            String fe = fes.isArray() && fes.size() == 1 ? child(f + ".properties.frontendIPConfigurations[0].id",
                    fes.get(0), id, "frontendIPConfigurations", frontends.stream().map(Model.Frontend::name).toList())
                    : null;
            if (!fes.isArray() || fes.size() != 1) {
                violation(f + ".properties.frontendIPConfigurations", "needs exactly one frontend");
            }
            String pool = child(f + ".properties.backendAddressPool.id", op.path("backendAddressPool"), id,
                    "backendAddressPools", pools);
            if (name != null && fe != null && pool != null) {
                outbound.add(new Model.Outbound(name, fe, pool));
                ObjectNode o = outO.addObject();
                o.put("id", id.path() + "/outboundRules/" + name);
                o.put("name", name);
                ObjectNode oo = o.putObject("properties");
                oo.putArray("frontendIPConfigurations").addObject().put("id", id.path() + "/frontendIPConfigurations/" + fe);
                oo.putObject("backendAddressPool").put("id", id.path() + "/backendAddressPools/" + pool);
            }
        }
        return new Model.Lb(id, frontends, pools, rules, probes, outbound);
    }

    private String subName(String f, JsonNode node, List<String> taken) {
        String name = node.path("name").asText("");
        if (!validName(name)) {
            violation(f + ".name", "'" + name + "' is not 1-63 lower-case letters, digits and hyphens");
            return null;
        }
        if (taken.contains(name)) {
            violation(f + ".name", "two are named " + name);
            return null;
        }
        return name;
    }

    private String child(String field, JsonNode ref, ResourceId parent, String collection, List<String> names) {
        String text = ref.path("id").asText("");
        String prefix = parent.path() + "/" + collection + "/";
        if (!text.startsWith(prefix)) {
            violation(field, "'" + text + "' is not " + prefix + "<name>");
            return null;
        }
        String name = text.substring(prefix.length());
        if (!names.contains(name)) {
            violation(field, "this load balancer has no " + collection + " entry named " + name);
            return null;
        }
        return name;
    }

    private int port(String field, JsonNode node) {
        int port = node.asInt(-1);
        if (!node.isInt() || port < 1 || port > 65535) {
            violation(field, "'" + node.asText() + "' is not a port 1-65535");
            return -1;
        }
        return port;
    }

    // ---- shared

    private ResourceId reference(String field, JsonNode ref, ResourceType type) {
        if (ref.isMissingNode() || ref.isNull()) {
            return null;
        }
        ResourceId id = id(field, ref.path("id").asText(""), type);
        if (id != null && state.get(id) == null) {
            violation(field, type.armName() + " " + id + " does not exist");
            return null;
        }
        return id;
    }

    private ResourceId id(String field, String text, ResourceType type) {
        try {
            ResourceId id = ResourceId.parse(text);
            if (id.type() != type) {
                violation(field, "'" + text + "' is not a " + type.armType() + " id");
                return null;
            }
            return id;
        } catch (FabricException e) {
            violation(field, "'" + text + "' is not a " + type.armType() + " id");
            return null;
        }
    }

    private Ipv4Prefix prefix(String field, JsonNode node) {
        try {
            if (!node.isTextual()) {
                throw new IllegalArgumentException("not a string");
            }
            return Ipv4Prefix.parse(node.asText());
        } catch (RuntimeException e) {
            violation(field, "'" + node.asText() + "' is not a CIDR prefix: " + e.getMessage());
            return null;
        }
    }

    private Ipv4Address address(String field, String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (RuntimeException e) {
            violation(field, "'" + text + "' is not an IPv4 address");
            return null;
        }
    }

    static boolean overlap(Ipv4Prefix a, Ipv4Prefix b) {
        return a.covers(b) || b.covers(a);
    }

    private static boolean validName(String name) {
        return fabric.api.core.Names.isValid(name);
    }

    private void violation(String field, String reason) {
        violations.add(new Violation(field, reason));
    }
}
