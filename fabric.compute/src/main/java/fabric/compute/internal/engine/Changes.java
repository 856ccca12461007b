package fabric.compute.internal.engine;

import fabric.api.compute.Hypervisor;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.VmMigrated;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStateChanged;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The one way compute changes: journal an event, then apply it to the {@link ComputeState} with the
 * code replay uses, and drive the nodes' hypervisors. Callers hold the engine's lock.
 */
final class Changes {

    private final Topology topology;
    private final Journal journal;
    private final Clock clock;
    private final ComputeState state;
    private final Map<NodeId, Hypervisor> drivers;

    Changes(Topology topology, Journal journal, Clock clock, ComputeState state, Map<NodeId, Hypervisor> drivers) {
        this.topology = topology;
        this.journal = journal;
        this.clock = clock;
        this.state = state;
        this.drivers = drivers;
    }

    void transition(VmRecord r, VmState to, NodeId node, String reason) {
        r.state.requireChangeTo(r.spec.name(), to);
        record(VmStateChanged.TYPE, new VmStateChanged(r.spec.name(), r.state, to, node == null ? "" : node.value(),
                reason));
    }

    <E extends Record> void record(EventType<E> type, E event) {
        long index = journal.append(type, event);
        state.apply(new JournalRecord(index, clock.instant(), type.name(), type.encode(event)));
    }

    Hypervisor driver(NodeId node) {
        Hypervisor driver = drivers.get(node);
        if (driver == null) {
            throw FabricException.notFound("node", node.value());
        }
        return driver;
    }

    void startOn(VmRecord r) {
        transition(r, VmState.STARTING, r.node, "");
        driver(r.node).start(r.spec.name());
        transition(r, VmState.RUNNING, r.node, "");
    }

    /** Live-migrates a running VM, or moves a stopped one's definition; journals every step. */
    MigrationReport move(VmRecord r, NodeId target, String why) {
        String vm = r.spec.name();
        NodeId source = r.node;
        if (r.state == VmState.STOPPED) {
            Hypervisor to = driver(target);
            to.define(r.spec);
            driver(source).undefine(vm);
            MigrationReport report = new MigrationReport(vm, source, target, 0, 0, Duration.ZERO, Duration.ZERO, true);
            record(VmMigrated.TYPE, VmMigrated.of(report));
            return report;
        }
        transition(r, VmState.MIGRATING, source, "live-migrating to " + target + " (" + why + ")");
        MigrationReport report;
        try {
            report = driver(source).migrateOut(vm, driver(target), bandwidth(source, target));
        } catch (FabricException e) {
            transition(r, VmState.RUNNING, source, "migration to " + target + " failed: " + e.getMessage());
            throw e;
        }
        record(VmMigrated.TYPE, VmMigrated.of(report));
        transition(r, VmState.RUNNING, target, "live-migrated from " + source + " (" + why + ")");
        return report;
    }

    /** The migration network between two nodes: the slower node's NICs together. */
    long bandwidth(NodeId a, NodeId b) {
        return Math.min(linkBytesPerSecond(topology.node(a)), linkBytesPerSecond(topology.node(b)));
    }

    static long linkBytesPerSecond(NodeSpec node) {
        long gbps = 0;
        for (NicSpec nic : node.nics()) {
            gbps += nic.speedGbps();
        }
        return Math.max(1, gbps) * 1_000_000_000L / 8;
    }
}
