package fabric.sdn.controller.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.controller.EtagMismatchException;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.NetworkResourceChanged;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller without OSGi: validates and versions writes, journals them, recomputes the policy of
 * the nodes a write touches and pushes it southbound to the up nodes; reconciles nodes that missed
 * versions. Every public method is atomic under one lock, so conditional writes never lose updates.
 */
final class ControllerCore {

    private static final Logger LOG = Logger.getLogger(ControllerCore.class.getName());
    static final ObjectMapper JSON = new ObjectMapper();

    private final Object lock = new Object();
    private final State state = new State();
    private final PolicyCompiler compiler;
    private final Southbound southbound;
    private final Consumer<NetworkResourceChanged> journal;
    private final Ipv4Prefix publicPool;
    private final int vniBase;
    private final Set<NodeId> nodeSet;
    private final Map<NodeId, NodePolicy> desired = new HashMap<>();
    private final Map<NodeId, Long> applied = new HashMap<>();
    private final Set<NodeId> down = new HashSet<>();
    private long recomputed;
    private boolean incremental = true;

    /**
     * @param compiler the nodes and how policy is compiled
     * @param southbound where policy goes
     * @param journal where each change is made durable before it takes effect
     * @param publicPool the public IP addresses frontends come from
     * @param vniBase the first VNI to allocate
     */
    ControllerCore(PolicyCompiler compiler, Southbound southbound, Consumer<NetworkResourceChanged> journal,
            Ipv4Prefix publicPool, int vniBase) {
        this.compiler = compiler;
        this.southbound = southbound;
        this.journal = journal;
        this.publicPool = publicPool;
        this.vniBase = vniBase;
        this.nodeSet = Set.copyOf(compiler.nodes());
        for (NodeId n : compiler.nodes()) {
            desired.put(n, NodePolicy.empty(n));
            applied.put(n, -1L);
        }
    }

    /** Rebuilds state from one journaled change, without journaling or pushing. */
    void replay(NetworkResourceChanged change) {
        synchronized (lock) {
            ResourceId id = ResourceId.parse(change.id());
            Model.Resource before = state.get(id);
            try {
                if (change.deleted()) {
                    state.remove(change.version(), id);
                } else {
                    JsonNode body = JSON.readTree(change.json());
                    ResourceParser.Parsed parsed = new ResourceParser(state, nodeSet, publicPool, vniBase,
                            ResourceParser.Mode.REPLAY).parse(id, body);
                    state.put(change.version(), parsed.resource(), parsed.stored());
                }
                recompute(compiler.affected(state, before, state.get(id)), change.version());
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.log(Level.WARNING, "journaled network change " + change.version() + " of " + id
                        + " cannot be replayed: " + e.getMessage(), e);
            }
        }
    }

    NetworkResource put(ResourceId id, String json, String ifMatch, String ifNoneMatch) {
        List<NodeId> push;
        NetworkResource result;
        synchronized (lock) {
            checkConditions(id, ifMatch, ifNoneMatch);
            JsonNode body;
            try {
                // Jackson's byte parser is markedly faster than its char parser on large bodies.
                body = JSON.readTree(json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw FabricException.invalid("body", "is not JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw FabricException.invalid("body", "cannot be read: " + e.getMessage());
            }
            ResourceParser.Parsed parsed = new ResourceParser(state, nodeSet, publicPool, vniBase,
                    ResourceParser.Mode.WRITE).parse(id, body);
            long version = state.version() + 1;
            String stored = text(parsed.stored());
            journal.accept(new NetworkResourceChanged(version, id.path(), stored));
            Model.Resource before = state.get(id);
            state.put(version, parsed.resource(), parsed.stored(), stored);
            if (!incremental) {
                push = recomputeEverything(version);
            } else if (before instanceof Model.Nsg && parsed.resource() instanceof Model.Nsg group) {
                push = patchGroup(group, version);
            } else {
                push = recompute(compiler.affected(state, before, parsed.resource()), version);
            }
            result = resource(id);
        }
        pushSerialized(push);
        synchronized (lock) {
            // After the push: the provisioning state says whether the nodes took it.
            return state.versionOf(id) == result.version() ? resource(id) : result;
        }
    }

    boolean delete(ResourceId id, String ifMatch) {
        List<NodeId> push;
        synchronized (lock) {
            Model.Resource before = state.get(id);
            if (before == null) {
                if (ifMatch != null) {
                    throw new EtagMismatchException(id + " does not exist, so If-Match " + ifMatch + " cannot hold");
                }
                return false;
            }
            checkConditions(id, ifMatch, null);
            String user = user(before);
            if (user != null) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, id.type().armName() + " " + id.name()
                        + " is in use by " + user);
            }
            long version = state.version() + 1;
            journal.accept(new NetworkResourceChanged(version, id.path(), ""));
            Set<NodeId> affected = compiler.affected(state, before, null);
            state.remove(version, id);
            push = recompute(affected, version);
        }
        pushSerialized(push);
        return true;
    }

    private String user(Model.Resource r) {
        if (r instanceof Model.Vnet v) {
            return first(state.nicsInVnet(v.id()));
        }
        if (r instanceof Model.Nsg g) {
            for (Model.Vnet v : state.all(Model.Vnet.class)) {
                for (Model.Subnet s : v.subnets()) {
                    if (g.id().equals(s.nsg())) {
                        return "subnet " + s.name() + " of virtual network " + v.id().name();
                    }
                }
            }
            return first(state.nicsWithNsg(g.id()));
        }
        if (r instanceof Model.Lb lb) {
            return first(state.nicsInLb(lb.id()));
        }
        if (r instanceof Model.Pip pip) {
            for (Model.Lb lb : state.all(Model.Lb.class)) {
                if (lb.frontends().stream().anyMatch(f -> f.publicIp().equals(pip.id()))) {
                    return "load balancer " + lb.id().name();
                }
            }
        }
        return null;
    }

    private static String first(Set<ResourceId> ids) {
        return ids.isEmpty() ? null : "network interface " + ids.iterator().next().name()
                + (ids.size() > 1 ? " and " + (ids.size() - 1) + " more" : "");
    }

    private void checkConditions(ResourceId id, String ifMatch, String ifNoneMatch) {
        if (ifMatch == null && ifNoneMatch == null) {
            return;
        }
        NetworkResource current = state.get(id) == null ? null : resource(id);
        if (ifNoneMatch != null && ifNoneMatch.strip().equals("*") && current != null) {
            throw new EtagMismatchException(id + " already exists (If-None-Match: *)");
        }
        if (ifMatch != null) {
            String want = ifMatch.strip();
            if (current == null) {
                throw new EtagMismatchException(id + " does not exist, so If-Match " + want + " cannot hold");
            }
            if (!want.equals("*") && !normalize(want).equals(normalize(current.etag()))) {
                throw new EtagMismatchException(id + " has ETag " + current.etag() + ", not " + want);
            }
        }
    }

    private static String normalize(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        return t.replace("\"", "");
    }

    Optional<NetworkResource> get(ResourceId id) {
        synchronized (lock) {
            return state.get(id) == null ? Optional.empty() : Optional.of(resource(id));
        }
    }

    List<NetworkResource> list(String subscription, String resourceGroup, ResourceType type) {
        synchronized (lock) {
            List<NetworkResource> out = new ArrayList<>();
            for (Model.Resource r : state.all()) {
                ResourceId id = r.id();
                if (id.type() == type && (subscription == null || id.subscription().equalsIgnoreCase(subscription))
                        && (resourceGroup == null || id.resourceGroup().equalsIgnoreCase(resourceGroup))) {
                    out.add(resource(id));
                }
            }
            out.sort(Comparator.comparing(r -> r.id().path()));
            return out;
        }
    }

    /**
     * The resource as served: its stored text with the provisioning state appended to its properties
     * (the stored form's last field) and the ETag appended to the resource, without re-serializing it.
     */
    /** @return a stored form as JSON text, by Jackson's UTF-8 generator (faster than its writer-based one) */
    static String text(JsonNode node) {
        try {
            return new String(JSON.writeValueAsBytes(node), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes cannot be written: " + e.getMessage(), e);
        }
    }

    private NetworkResource resource(ResourceId id) {
        long version = state.versionOf(id);
        String etag = "W/\"" + version + "\"";
        String text = state.storedText(id);
        // text ends with the properties object and the resource's closing brace: "...}}".
        int propertiesEnd = text.length() - 2;
        boolean emptyProperties = text.charAt(propertiesEnd - 1) == '{';
        StringBuilder json = new StringBuilder(text.length() + 64);
        json.append(text, 0, propertiesEnd).append(emptyProperties ? "" : ",").append("\"provisioningState\":\"")
                .append(provisioningState(id)).append("\"},\"etag\":\"W/\\\"").append(version).append("\\\"\"}");
        return new NetworkResource(id, etag, version, json.toString());
    }

    /** Succeeded once every up node whose policy holds the resource acknowledged it; Updating before. */
    private String provisioningState(ResourceId id) {
        long version = state.versionOf(id);
        for (NodeId n : compiler.nodes()) {
            if (!down.contains(n) && desired.get(n).version() >= version && applied.get(n) < desired.get(n).version()) {
                return "Updating";
            }
        }
        return "Succeeded";
    }

    long version() {
        synchronized (lock) {
            return state.version();
        }
    }

    /** @return how many node policies were computed so far (incremental recompute leaves most alone) */
    long recomputed() {
        synchronized (lock) {
            return recomputed;
        }
    }

    Model.Nsg state(ResourceId group) {
        synchronized (lock) {
            return state.get(group, Model.Nsg.class);
        }
    }

    NodePolicy desired(NodeId node) {
        synchronized (lock) {
            return desired.get(node);
        }
    }

    /** @return the node's policy computed from scratch, for checks */
    NodePolicy compileFromScratch(NodeId node) {
        synchronized (lock) {
            return compiler.compile(state, node, 0);
        }
    }

    List<NodePolicyStatus> status() {
        synchronized (lock) {
            List<NodePolicyStatus> out = new ArrayList<>();
            for (NodeId n : compiler.nodes()) {
                NodePolicy p = desired.get(n);
                out.add(new NodePolicyStatus(n, !down.contains(n), p.version(), applied.get(n), p.ports().size(),
                        p.securityGroups().size(), p.mappings().size(), p.vips().size(), p.natRules().size()));
            }
            return out;
        }
    }

    /**
     * Benchmarks only: {@code false} makes every write recompile every group and recompute every node
     * (what the incremental path avoids).
     */
    void incremental(boolean on) {
        synchronized (lock) {
            incremental = on;
        }
    }

    /**
     * Benchmarks only: writes an already parsed group (no JSON, no journal) and recomputes and pushes as a
     * write would, to measure the recompute and push alone.
     */
    void writeParsedGroup(Model.Nsg group) {
        List<NodeId> push;
        synchronized (lock) {
            long version = state.version() + 1;
            state.put(version, group, state.stored(group.id()), state.storedText(group.id()));
            push = incremental ? patchGroup(group, version) : recomputeEverything(version);
        }
        pushSerialized(push);
    }

    private List<NodeId> recomputeEverything(long version) {
        for (Model.Nsg g : state.all(Model.Nsg.class)) {
            NetworkSecurityGroupSpec spec = g.spec();
            state.put(state.versionOf(g.id()), new Model.Nsg(g.id(), new NetworkSecurityGroupSpec(spec.name(),
                    spec.rules(), spec.stateful())), state.stored(g.id()), state.storedText(g.id()));
        }
        state.setVersion(version);
        return recompute(new HashSet<>(compiler.nodes()), version);
    }

    /** A group's rules changed: only the nodes whose ports carry it get the new group, patched into their policy. */
    private List<NodeId> patchGroup(Model.Nsg group, long version) {
        List<NodeId> changed = new ArrayList<>();
        Set<NodeId> nodes = new HashSet<>();
        for (ResourceId nic : state.nicsWithNsg(group.id())) {
            nodes.add(state.get(nic, Model.Nic.class).node());
        }
        compiler.subnetGroupNodes(state, group.id(), nodes);
        String name = group.spec().name();
        for (NodeId n : nodes) {
            recomputed++;
            NodePolicy old = desired.get(n);
            List<NetworkSecurityGroupSpec> groups = new ArrayList<>(old.securityGroups());
            boolean same = true;
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).name().equals(name)) {
                    same = groups.get(i).equals(group.spec());
                    groups.set(i, group.spec());
                }
            }
            if (!same) {
                NodePolicy next = new NodePolicy(n, version, old.vnets(), groups, old.ports(), old.mappings(), old.vips(),
                        old.natRules(), old.subnetGroups(), old.loadBalancers());
                desired.put(n, next);
                changed.add(n);
            }
        }
        return changed;
    }

    /** Recomputes the given nodes' policies; returns the nodes whose content changed. */
    private List<NodeId> recompute(Set<NodeId> nodes, long version) {
        List<NodeId> changed = new ArrayList<>();
        for (NodeId n : compiler.nodes()) {
            if (!nodes.contains(n)) {
                continue;
            }
            recomputed++;
            NodePolicy next = compiler.compile(state, n, version);
            if (!next.sameContent(desired.get(n))) {
                desired.put(n, next);
                changed.add(n);
            }
        }
        return changed;
    }

    /** Recomputes every node from scratch (what an incremental recompute avoids); returns the changed nodes. */
    List<NodeId> recomputeAll() {
        synchronized (lock) {
            return recompute(new HashSet<>(compiler.nodes()), state.version());
        }
    }

    /**
     * Pushes to each given node that is up and behind.
     *
     * @return the nodes that acknowledged
     */
    private int push(List<NodeId> nodes) {
        int count = 0;
        for (NodeId n : nodes) {
            NodePolicy policy;
            synchronized (lock) {
                policy = desired.get(n);
                if (down.contains(n) || applied.get(n) == policy.version()) {
                    continue;
                }
            }
            try {
                long ack = southbound.apply(policy);
                synchronized (lock) {
                    if (ack > applied.get(n)) {
                        applied.put(n, ack);
                    }
                }
                count++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "node " + n + " did not apply network policy " + policy.version() + ": "
                        + e.getMessage());
            }
        }
        return count;
    }

    /** Serializes pushes so a node never sees an older policy after a newer one. */
    private final Object pushLock = new Object();

    private void pushSerialized(List<NodeId> nodes) {
        synchronized (pushLock) {
            push(nodes);
        }
    }

    int reconcile() {
        synchronized (pushLock) {
            return push(compiler.nodes());
        }
    }

    /** A node went down or was isolated: it is not pushed to, and it is assumed to have lost its policy. */
    void nodeDown(NodeId node) {
        synchronized (lock) {
            if (nodeSet.contains(node)) {
                down.add(node);
                applied.put(node, -1L);
            }
        }
    }

    /** A node came back: it is reconciled to its current policy. */
    void nodeUp(NodeId node) {
        if (markUp(node)) {
            synchronized (pushLock) {
                push(List.of(node));
            }
        }
    }

    /**
     * Marks a node up again without pushing yet; the next {@link #reconcile()} brings it up to date.
     *
     * @return false when the node was not down
     */
    boolean markUp(NodeId node) {
        synchronized (lock) {
            return down.remove(node);
        }
    }
}
