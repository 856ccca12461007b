package fabric.compute.internal.placement;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.NodeState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The nodes of a region as placement sees them, and which VM holds capacity on which node. Nodes and
 * scale units are numbered in declared order. Besides the raw facts (capacity, state, placements),
 * it keeps the aggregates the indexed placement reads: used capacity, availability-set and group
 * counts per node, and the N-1 reserve terms per node and scale unit, updated incrementally.
 *
 * <p>Not thread-safe: its owner serializes access.
 */
public final class Fleet {

    /** A node's shape. @param id its name @param vcpus virtual processors it offers @param memoryBytes memory it offers */
    public record NodeShape(NodeId id, long vcpus, long memoryBytes) {
        /** Validates. */
        public NodeShape {
            Objects.requireNonNull(id, "id");
            if (vcpus <= 0 || memoryBytes <= 0) {
                throw new IllegalArgumentException(id + ": capacity must be positive");
            }
        }
    }

    /** A scale unit's shape. @param id its name @param nodes its nodes in declared order */
    public record UnitShape(ScaleUnitId id, List<NodeShape> nodes) {
        /** Validates and copies. */
        public UnitShape {
            Objects.requireNonNull(id, "id");
            nodes = List.copyOf(nodes);
        }
    }

    // Raw facts.
    final NodeId[] nodeIds;
    final int[] unitOf;
    final long[] vcpuCap;
    final long[] memCap;
    final NodeState[] state;
    final boolean[] draining;
    final ScaleUnitId[] unitIds;
    final int[][] unitNodes;
    final boolean[] quorum;
    final long[] refVcpus;
    final long[] refMemory;
    private final Map<NodeId, Integer> nodeIndex = new HashMap<>();
    private final Map<ScaleUnitId, Integer> unitIndex = new HashMap<>();
    private final Map<String, Placed> placements = new LinkedHashMap<>();

    // Aggregates.
    final long[] vcpuUsed;
    final long[] memUsed;
    final long[] weightSum;
    final long[] weightMax;
    final List<Map<String, Demand>> hosted;
    final Map<String, Map<Integer, int[]>> setCounts = new HashMap<>();
    final Map<String, Map<Integer, Integer>> affinityCounts = new HashMap<>();
    final Map<String, Map<Integer, Integer>> antiAffinityCounts = new HashMap<>();
    final long[] unitFree;
    final int[] unitAccepting;
    final long[] unitTopRequirement;
    final int[] unitTopNode;
    final long[] unitSecondRequirement;
    private final List<IntConsumer> nodeListeners = new ArrayList<>();

    /** A VM holding capacity on a node. @param demand the VM @param node the node's number @param weight its reserve weight */
    public record Placed(Demand demand, int node, long weight) {
    }

    /** @param units the region's scale units in declared order; every node starts up, every unit with quorum */
    public Fleet(List<UnitShape> units) {
        int n = units.stream().mapToInt(u -> u.nodes().size()).sum();
        nodeIds = new NodeId[n];
        unitOf = new int[n];
        vcpuCap = new long[n];
        memCap = new long[n];
        state = new NodeState[n];
        draining = new boolean[n];
        vcpuUsed = new long[n];
        memUsed = new long[n];
        weightSum = new long[n];
        weightMax = new long[n];
        hosted = new ArrayList<>(n);
        unitIds = new ScaleUnitId[units.size()];
        unitNodes = new int[units.size()][];
        quorum = new boolean[units.size()];
        refVcpus = new long[units.size()];
        refMemory = new long[units.size()];
        unitFree = new long[units.size()];
        unitAccepting = new int[units.size()];
        unitTopRequirement = new long[units.size()];
        unitTopNode = new int[units.size()];
        unitSecondRequirement = new long[units.size()];
        int next = 0;
        for (int u = 0; u < units.size(); u++) {
            UnitShape unit = units.get(u);
            unitIds[u] = unit.id();
            unitIndex.put(unit.id(), u);
            quorum[u] = true;
            unitNodes[u] = new int[unit.nodes().size()];
            for (int i = 0; i < unit.nodes().size(); i++) {
                NodeShape node = unit.nodes().get(i);
                nodeIds[next] = node.id();
                nodeIndex.put(node.id(), next);
                unitOf[next] = u;
                vcpuCap[next] = node.vcpus();
                memCap[next] = node.memoryBytes();
                state[next] = NodeState.UP;
                hosted.add(new LinkedHashMap<>());
                unitNodes[u][i] = next;
                refVcpus[u] = Math.max(refVcpus[u], node.vcpus());
                refMemory[u] = Math.max(refMemory[u], node.memoryBytes());
                next++;
            }
        }
        for (int u = 0; u < unitIds.length; u++) {
            refreshUnit(u);
        }
    }

    /** @param listener told the number of a node whose score or eligibility may have changed */
    void addNodeListener(IntConsumer listener) {
        nodeListeners.add(listener);
    }

    /** @return how many nodes */
    public int nodeCount() {
        return nodeIds.length;
    }

    /** @return how many scale units */
    public int unitCount() {
        return unitIds.length;
    }

    /**
     * @param id a node
     * @return its number, or -1 when unknown
     */
    public int node(NodeId id) {
        return nodeIndex.getOrDefault(id, -1);
    }

    /**
     * @param id a scale unit
     * @return its number, or -1 when unknown
     */
    public int unit(ScaleUnitId id) {
        return unitIndex.getOrDefault(id, -1);
    }

    /** @param node a node's number @return its name */
    public NodeId nodeId(int node) {
        return nodeIds[node];
    }

    /** @param node a node's number @return its scale unit's number */
    public int unitOf(int node) {
        return unitOf[node];
    }

    /** @param unit a scale unit's number @return its name */
    public ScaleUnitId unitId(int unit) {
        return unitIds[unit];
    }

    /** @param unit a scale unit's number @return its nodes' numbers in declared order */
    public int[] unitNodes(int unit) {
        return unitNodes[unit].clone();
    }

    /** @param node a node's number @return its membership state */
    public NodeState state(int node) {
        return state[node];
    }

    /** @param node a node's number @return whether it is being drained */
    public boolean draining(int node) {
        return draining[node];
    }

    /** @param unit a scale unit's number @return whether it has quorum */
    public boolean quorum(int unit) {
        return quorum[unit];
    }

    /** @param node a node's number @return virtual processors it offers */
    public long vcpuCapacity(int node) {
        return vcpuCap[node];
    }

    /** @param node a node's number @return memory it offers */
    public long memoryCapacity(int node) {
        return memCap[node];
    }

    /** @param node a node's number @return virtual processors its VMs hold */
    public long vcpuUsed(int node) {
        return vcpuUsed[node];
    }

    /** @param node a node's number @return memory its VMs hold */
    public long memoryUsed(int node) {
        return memUsed[node];
    }

    /** @param node a node's number @return the VMs holding capacity on it, in placement order */
    public Collection<Demand> hosted(int node) {
        return Collections.unmodifiableCollection(hosted.get(node).values());
    }

    /** @return every placement, in placement order */
    public Collection<Placed> placements() {
        return Collections.unmodifiableCollection(placements.values());
    }

    /** @param vm a VM's name @return its placement, or {@code null} */
    public Placed placement(String vm) {
        return placements.get(vm);
    }

    /** @param node a node's number @return whether new VMs may go there: up, not draining */
    public boolean accepting(int node) {
        return state[node].acceptsWorkloads() && !draining[node];
    }

    /**
     * @param node a node's number
     * @param newState its membership state
     */
    public void setState(int node, NodeState newState) {
        state[node] = Objects.requireNonNull(newState, "newState");
        refreshUnit(unitOf[node]);
        fire(node);
    }

    /**
     * @param node a node's number
     * @param isDraining whether it is being drained (takes no new VMs)
     */
    public void setDraining(int node, boolean isDraining) {
        draining[node] = isDraining;
        refreshUnit(unitOf[node]);
        fire(node);
    }

    /**
     * @param unit a scale unit's number
     * @param hasQuorum whether it has quorum
     */
    public void setQuorum(int unit, boolean hasQuorum) {
        quorum[unit] = hasQuorum;
        for (int node : unitNodes[unit]) {
            fire(node);
        }
    }

    /**
     * Records that a VM holds capacity on a node. Checks nothing but that the VM is not placed yet:
     * placement decides, this records.
     *
     * @param demand the VM
     * @param node the node's number
     */
    public void place(Demand demand, int node) {
        if (placements.containsKey(demand.vm())) {
            throw new IllegalStateException(demand.vm() + " is placed already");
        }
        int unit = unitOf[node];
        long weight = Reserve.weight(demand.vcpus(), demand.memoryBytes(), refVcpus[unit], refMemory[unit]);
        placements.put(demand.vm(), new Placed(demand, node, weight));
        hosted.get(node).put(demand.vm(), demand);
        vcpuUsed[node] += demand.vcpus();
        memUsed[node] += demand.memoryBytes();
        weightSum[node] += weight;
        weightMax[node] = Math.max(weightMax[node], weight);
        count(demand, node, +1);
        refreshUnit(unit);
        fire(node);
    }

    /**
     * Records that a VM no longer holds capacity.
     *
     * @param vm the VM's name
     * @return its placement, or {@code null} when it held none
     */
    public Placed remove(String vm) {
        Placed p = placements.remove(vm);
        if (p == null) {
            return null;
        }
        int node = p.node();
        hosted.get(node).remove(vm);
        vcpuUsed[node] -= p.demand().vcpus();
        memUsed[node] -= p.demand().memoryBytes();
        weightSum[node] -= p.weight();
        long max = 0;
        for (Demand d : hosted.get(node).values()) {
            max = Math.max(max, placements.get(d.vm()).weight());
        }
        weightMax[node] = max;
        count(p.demand(), node, -1);
        refreshUnit(unitOf[node]);
        fire(node);
        return p;
    }

    private void count(Demand d, int node, int delta) {
        if (d.availabilitySet() != null) {
            Map<Integer, int[]> perNode = setCounts.computeIfAbsent(d.availabilitySet(), k -> new HashMap<>());
            int[] counts = perNode.computeIfAbsent(node, k -> new int[1 + Math.max(0, d.updateDomain())]);
            if (counts.length <= d.updateDomain() + 1) {
                counts = java.util.Arrays.copyOf(counts, d.updateDomain() + 2);
                perNode.put(node, counts);
            }
            counts[0] += delta;
            counts[1 + d.updateDomain()] += delta;
            if (counts[0] == 0) {
                perNode.remove(node);
            }
        }
        if (d.affinityGroup() != null) {
            bump(affinityCounts, d.affinityGroup(), node, delta);
        }
        if (d.antiAffinityGroup() != null) {
            bump(antiAffinityCounts, d.antiAffinityGroup(), node, delta);
        }
    }

    private static void bump(Map<String, Map<Integer, Integer>> counts, String group, int node, int delta) {
        Map<Integer, Integer> perNode = counts.computeIfAbsent(group, k -> new HashMap<>());
        int value = perNode.getOrDefault(node, 0) + delta;
        if (value == 0) {
            perNode.remove(node);
        } else {
            perNode.put(node, value);
        }
    }

    /** @param node a node's number @return its free reserve weight */
    long freeWeight(int node) {
        int unit = unitOf[node];
        return Reserve.free(vcpuCap[node] - vcpuUsed[node], memCap[node] - memUsed[node], refVcpus[unit],
                refMemory[unit]);
    }

    /**
     * The free weight a node's survivors need when it is lost; {@code Long.MIN_VALUE} for a node
     * without VMs, {@code Long.MAX_VALUE} when no node would survive it.
     */
    private long requirement(int node, int unit) {
        if (weightSum[node] == 0) {
            return Long.MIN_VALUE;
        }
        boolean member = accepting(node);
        int survivors = unitAccepting[unit] - (member ? 1 : 0);
        if (survivors < 1) {
            return Long.MAX_VALUE;
        }
        return (member ? freeWeight(node) : 0) + weightSum[node] + (survivors - 1) * weightMax[node];
    }

    private void refreshUnit(int unit) {
        long free = 0;
        int accepting = 0;
        for (int node : unitNodes[unit]) {
            if (accepting(node)) {
                free += freeWeight(node);
                accepting++;
            }
        }
        unitFree[unit] = free;
        unitAccepting[unit] = accepting;
        long top = Long.MIN_VALUE;
        long second = Long.MIN_VALUE;
        int topNode = -1;
        for (int node : unitNodes[unit]) {
            long r = requirement(node, unit);
            if (r > top) {
                second = top;
                top = r;
                topNode = node;
            } else if (r > second) {
                second = r;
            }
        }
        unitTopRequirement[unit] = top;
        unitTopNode[unit] = topNode;
        unitSecondRequirement[unit] = second;
    }

    /**
     * @param unit a scale unit's number
     * @return whether every VM of the unit could be restarted after the loss of any one node
     */
    public boolean reserveHeld(int unit) {
        return reserveHoldsWith(unitNodes[unit][0], null);
    }

    /**
     * The N-1 reserve in full ({@link Reserve#lossHolds} for every node of the unit), from the
     * aggregates: O(nodes²) of the unit.
     *
     * @param candidate a node's number
     * @param extra a VM assumed placed on that node, or {@code null}
     * @return whether the reserve of the node's unit holds with it
     */
    boolean reserveHoldsWith(int candidate, Demand extra) {
        int unit = unitOf[candidate];
        int[] nodes = unitNodes[unit];
        int n = nodes.length;
        long[] free = new long[n];
        boolean[] acc = new boolean[n];
        long[] sum = new long[n];
        long[] max = new long[n];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            int node = nodes[i];
            long v = vcpuUsed[node];
            long m = memUsed[node];
            sum[i] = weightSum[node];
            max[i] = weightMax[node];
            count[i] = hosted.get(node).size();
            if (extra != null && node == candidate) {
                long w = Reserve.weight(extra.vcpus(), extra.memoryBytes(), refVcpus[unit], refMemory[unit]);
                v += extra.vcpus();
                m += extra.memoryBytes();
                sum[i] += w;
                max[i] = Math.max(max[i], w);
                count[i]++;
            }
            free[i] = Reserve.free(vcpuCap[node] - v, memCap[node] - m, refVcpus[unit], refMemory[unit]);
            acc[i] = accepting(node);
        }
        for (int i = 0; i < n; i++) {
            if (!Reserve.lossHolds(i, free, acc, sum, max, count)) {
                return false;
            }
        }
        return true;
    }

    private void fire(int node) {
        for (IntConsumer l : nodeListeners) {
            l.accept(node);
        }
    }
}
