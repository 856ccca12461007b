package fabric.sdn.controller.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.core.NodeId;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The desired state: every resource parsed and as stored, its version, and the indexes that tell which
 * nodes a change touches. Not thread-safe; the controller guards it.
 */
final class State {

    private long version;
    private final Map<ResourceId, Model.Resource> resources = new HashMap<>();
    private final Map<ResourceId, ObjectNode> stored = new HashMap<>();
    private final Map<ResourceId, String> storedText = new HashMap<>();
    /** "type/name" to the resource of that type and name (data-plane names are fabric-wide). */
    private final Map<String, ResourceId> byName = new HashMap<>();
    private final Map<ResourceId, Long> versions = new HashMap<>();
    private final Map<NodeId, Set<ResourceId>> nicsByNode = new HashMap<>();
    private final Map<ResourceId, Set<ResourceId>> nicsByVnet = new HashMap<>();
    private final Map<ResourceId, Set<ResourceId>> nicsByNsg = new HashMap<>();
    private final Map<ResourceId, Set<ResourceId>> nicsByLb = new HashMap<>();
    private final Map<ResourceId, Set<ResourceId>> vnetsBySubnetNsg = new HashMap<>();

    long version() {
        return version;
    }

    void setVersion(long newVersion) {
        version = newVersion;
    }

    Model.Resource get(ResourceId id) {
        return resources.get(id);
    }

    <R extends Model.Resource> R get(ResourceId id, Class<R> type) {
        Model.Resource r = resources.get(id);
        return type.isInstance(r) ? type.cast(r) : null;
    }

    ObjectNode stored(ResourceId id) {
        return stored.get(id);
    }

    /** @return the stored form as JSON text; its {@code properties} object is its last field */
    String storedText(ResourceId id) {
        return storedText.get(id);
    }

    long versionOf(ResourceId id) {
        return versions.getOrDefault(id, 0L);
    }

    Collection<Model.Resource> all() {
        return resources.values();
    }

    /** @return resources of one type, ordered by path */
    <R extends Model.Resource> List<R> all(Class<R> type) {
        TreeMap<String, R> sorted = new TreeMap<>();
        for (Model.Resource r : resources.values()) {
            if (type.isInstance(r)) {
                sorted.put(r.id().path(), type.cast(r));
            }
        }
        return List.copyOf(sorted.values());
    }

    Set<ResourceId> nicsOnNode(NodeId node) {
        return nicsByNode.getOrDefault(node, Set.of());
    }

    Set<ResourceId> nicsInVnet(ResourceId vnet) {
        return nicsByVnet.getOrDefault(vnet, Set.of());
    }

    Set<ResourceId> nicsWithNsg(ResourceId nsg) {
        return nicsByNsg.getOrDefault(nsg, Set.of());
    }

    /** @return the virtual networks with a subnet whose security group this is */
    Set<ResourceId> vnetsWithSubnetNsg(ResourceId nsg) {
        return vnetsBySubnetNsg.getOrDefault(nsg, Set.of());
    }

    Set<ResourceId> nicsInLb(ResourceId lb) {
        return nicsByLb.getOrDefault(lb, Set.of());
    }

    /** @return the resource of this type with this name in any subscription or group, if any */
    ResourceId sameName(ResourceType type, String name) {
        return byName.get(type.name() + "/" + name);
    }

    /** Writes one resource at a new version. */
    void put(long newVersion, Model.Resource resource, ObjectNode json) {
        put(newVersion, resource, json, ControllerCore.text(json));
    }

    /** Writes one resource at a new version, with its stored form already as text. */
    void put(long newVersion, Model.Resource resource, ObjectNode json, String jsonText) {
        remove(newVersion, resource.id());
        version = newVersion;
        resources.put(resource.id(), resource);
        stored.put(resource.id(), json);
        storedText.put(resource.id(), jsonText);
        byName.put(resource.id().type().name() + "/" + resource.id().name(), resource.id());
        versions.put(resource.id(), newVersion);
        if (resource instanceof Model.Vnet vnet) {
            for (Model.Subnet s : vnet.subnets()) {
                if (s.nsg() != null) {
                    index(vnetsBySubnetNsg, s.nsg(), vnet.id());
                }
            }
        }
        if (resource instanceof Model.Nic nic) {
            index(nicsByNode, nic.node(), nic.id());
            index(nicsByVnet, nic.vnet(), nic.id());
            if (nic.nsg() != null) {
                index(nicsByNsg, nic.nsg(), nic.id());
            }
            for (String pool : nic.pools()) {
                index(nicsByLb, lbOf(pool), nic.id());
            }
        }
    }

    /** Removes one resource at a new version. */
    void remove(long newVersion, ResourceId id) {
        version = newVersion;
        Model.Resource old = resources.remove(id);
        stored.remove(id);
        storedText.remove(id);
        if (old != null) {
            byName.remove(id.type().name() + "/" + id.name(), id);
        }
        versions.remove(id);
        if (old instanceof Model.Vnet vnet) {
            for (Model.Subnet s : vnet.subnets()) {
                if (s.nsg() != null) {
                    unindex(vnetsBySubnetNsg, s.nsg(), id);
                }
            }
        }
        if (old instanceof Model.Nic nic) {
            unindex(nicsByNode, nic.node(), id);
            unindex(nicsByVnet, nic.vnet(), id);
            if (nic.nsg() != null) {
                unindex(nicsByNsg, nic.nsg(), id);
            }
            for (String pool : nic.pools()) {
                unindex(nicsByLb, lbOf(pool), id);
            }
        }
    }

    static ResourceId lbOf(String poolId) {
        return ResourceId.parse(poolId.substring(0, poolId.indexOf("/backendAddressPools/")));
    }

    private static <K> void index(Map<K, Set<ResourceId>> index, K key, ResourceId id) {
        index.computeIfAbsent(key, k -> new TreeSet<>((a, b) -> a.path().compareTo(b.path()))).add(id);
    }

    private static <K> void unindex(Map<K, Set<ResourceId>> index, K key, ResourceId id) {
        Set<ResourceId> set = index.get(key);
        if (set != null) {
            set.remove(id);
            if (set.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
