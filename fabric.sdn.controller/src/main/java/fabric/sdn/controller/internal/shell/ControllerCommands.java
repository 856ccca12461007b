package fabric.sdn.controller.internal.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import fabric.shell.Table;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code nc:} shell commands of the network controller (scope {@code nc}, apart from the data
 * plane's {@code net:}): desired state against each node's applied policy, and every resource
 * creatable and inspectable in its ARM shape. Resources named by TYPE and NAME live in subscription
 * {@code local}, resource group {@code default}; a full ARM id works wherever a NAME does. Lists show
 * every subscription, naming subscription and group for resources outside those.
 */
@Component(service = ControllerCommands.class)
@GogoCommand(scope = "nc", function = {"status", "endpoint", "vnets", "nics", "nsgs", "lbs", "pips", "put", "get",
    "delete", "reconcile"})
public final class ControllerCommands {

    /** The subscription short names live in. */
    public static final String SUBSCRIPTION = "local";
    /** The resource group short names live in. */
    public static final String RESOURCE_GROUP = "default";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NetworkController controller;

    /** @param controller the controller */
    @Activate
    public ControllerCommands(@Reference(name = "controller") NetworkController controller) {
        this.controller = Objects.requireNonNull(controller, "controller");
    }

    /** @return each node's desired and applied policy version */
    @Descriptor("shows the desired-state version and each node's applied policy version against its desired one")
    public String status() {
        Table t = new Table("NODE", "UP", "DESIRED", "APPLIED", "IN SYNC", "PORTS", "NSGS", "MAPPINGS", "VIPS", "NAT");
        for (NodePolicyStatus s : controller.status()) {
            t.row(s.node(), s.up() ? "yes" : "no", s.desiredVersion(), s.appliedVersion() < 0 ? "-" : s.appliedVersion(),
                    s.converged() ? "yes" : "NO", s.ports(), s.securityGroups(), s.mappings(), s.vips(), s.natRules());
        }
        return "desired-state version " + controller.version() + "; REST "
                + controller.endpoint().map(Object::toString).orElse("off") + "\n" + t.render(0).stripTrailing();
    }

    /** @return the REST endpoint */
    @Descriptor("prints the REST endpoint's base URI (the bound port)")
    public String endpoint() {
        return controller.endpoint().map(Object::toString).orElseThrow(() -> new FabricException(ErrorCode.UNAVAILABLE,
                "the network controller's REST server is off (port -1)"));
    }

    /** @return the virtual networks */
    @Descriptor("lists virtual networks with VNI and address space")
    public String vnets() {
        return table(ResourceType.VIRTUAL_NETWORK, "VNI", "vni", "ADDRESS SPACE", "addressSpace.addressPrefixes");
    }

    /** @return the network interfaces */
    @Descriptor("lists network interfaces with node, address and MAC")
    public String nics() {
        return table(ResourceType.NETWORK_INTERFACE, "NODE", "node", "ADDRESS",
                "ipConfigurations.0.properties.privateIPAddress", "MAC", "macAddress");
    }

    /** @return the security groups */
    @Descriptor("lists network security groups and their rule counts")
    public String nsgs() {
        return table(ResourceType.NETWORK_SECURITY_GROUP, "RULES", "securityRules#");
    }

    /** @return the load balancers */
    @Descriptor("lists load balancers and their rule counts")
    public String lbs() {
        return table(ResourceType.LOAD_BALANCER, "FRONTENDS", "frontendIPConfigurations#", "RULES",
                "loadBalancingRules#");
    }

    /** @return the public IP addresses */
    @Descriptor("lists public IP addresses")
    public String pips() {
        return table(ResourceType.PUBLIC_IP_ADDRESS, "ADDRESS", "ipAddress", "ALLOCATION", "publicIPAllocationMethod");
    }

    /**
     * @param type the resource type
     * @param name the name or ARM id
     * @param json the ARM body
     * @return the stored resource
     */
    @Descriptor("creates or replaces a resource from its ARM JSON body (quote it with single quotes)")
    public String put(@Descriptor("virtualNetworks, networkInterfaces, networkSecurityGroups, loadBalancers or"
            + " publicIPAddresses") String type, @Descriptor("name or ARM id") String name,
            @Descriptor("ARM JSON body") String json) {
        NetworkResource r = controller.put(id(type, name), json, null, null);
        return r.id() + " " + r.etag() + "\n" + pretty(r.json());
    }

    /**
     * @param type the resource type
     * @param name the name or ARM id
     * @return the resource as JSON
     */
    @Descriptor("shows a resource as ARM JSON")
    public String get(@Descriptor("resource type") String type, @Descriptor("name or ARM id") String name) {
        ResourceId id = id(type, name);
        return pretty(controller.get(id).orElseThrow(() -> new FabricException(ErrorCode.NOT_FOUND, id + " does not exist"))
                .json());
    }

    /**
     * @param type the resource type
     * @param name the name or ARM id
     * @return what happened
     */
    @Descriptor("deletes a resource (refused while another refers to it)")
    public String delete(@Descriptor("resource type") String type, @Descriptor("name or ARM id") String name) {
        ResourceId id = id(type, name);
        if (!controller.delete(id, null)) {
            throw new FabricException(ErrorCode.NOT_FOUND, id + " does not exist");
        }
        return "deleted " + id + "; desired-state version " + controller.version();
    }

    /** @return how many nodes were brought up to date */
    @Descriptor("pushes the current policy to every up node that is behind (idempotent)")
    public String reconcile() {
        int n = controller.reconcile();
        return n + " nodes applied their policy; desired-state version " + controller.version();
    }

    private static ResourceId id(String type, String name) {
        if (name.startsWith("/")) {
            return ResourceId.parse(name);
        }
        return new ResourceId(SUBSCRIPTION, RESOURCE_GROUP, ResourceType.parse(type), name);
    }

    private String table(ResourceType type, String... columns) {
        String[] headers = new String[2 + columns.length / 2];
        headers[0] = "NAME";
        headers[1] = "STATE";
        for (int i = 0; i < columns.length; i += 2) {
            headers[2 + i / 2] = columns[i];
        }
        Table t = new Table(headers);
        for (NetworkResource r : controller.list(null, null, type)) {
            JsonNode p = read(r.json()).path("properties");
            Object[] row = new Object[headers.length];
            row[0] = r.id().subscription().equals(SUBSCRIPTION) && r.id().resourceGroup().equals(RESOURCE_GROUP)
                    ? r.id().name() : r.id().subscription() + "/" + r.id().resourceGroup() + "/" + r.id().name();
            row[1] = p.path("provisioningState").asText();
            for (int i = 1; i < columns.length; i += 2) {
                String path = columns[i];
                boolean count = path.endsWith("#");
                JsonNode n = p;
                for (String part : path.replace("#", "").split("\\.")) {
                    n = part.matches("\\d+") ? n.path(Integer.parseInt(part)) : n.path(part);
                }
                row[2 + i / 2] = count ? String.valueOf(n.size()) : n.isArray() ? join(n) : n.asText();
            }
            t.row(row);
        }
        return t.render(0).stripTrailing();
    }

    private static String join(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(x -> sb.append(sb.length() == 0 ? "" : ",").append(x.asText()));
        return sb.toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "stored resource is not JSON: " + e.getMessage(), e);
        }
    }

    private static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(read(json));
        } catch (java.io.IOException e) {
            return json;
        }
    }
}
