package fabric.set.internal;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.teaming.EgressPort;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamEgress;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.Teaming;
import fabric.api.teaming.TrafficClass;
import fabric.api.teaming.UplinkWire;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.api.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.agrona.collections.Int2ObjectHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Every node's virtual switch as the {@link Teaming} service. At start each node gets a team of its
 * NICs of the first NIC's model (dynamic distribution) with the converged-host DCB policy: storage
 * (SMB Direct, priority 3) 50% and lossless, cluster heartbeat (priority 7) 2%, everything else 48%;
 * and host vNICs: management, and one storage vNIC per NIC (up to two) with affinity to it. Team
 * configurations and NIC failures are journaled and replayed at start.
 *
 * <p>As {@link TeamEgress} it is the teams' data path: a sender connects as a vPort (kept across
 * reconfiguration) and its frames go through the switch's classification, steering, queues and ETS
 * scheduler to its {@link UplinkWire}.
 */
@Component(service = {Teaming.class, TeamEgress.class})
public final class TeamingComponent implements Teaming, TeamEgress {

    /** The converged-host DCB policy every team starts with. */
    public static final List<TrafficClass> DEFAULT_CLASSES = List.of(
            new TrafficClass("storage", List.of(3), 50, true),
            new TrafficClass("cluster", List.of(7), 2, false),
            new TrafficClass("default", List.of(0, 1, 2, 4, 5, 6), 48, false));

    private static final int QUEUE_FRAMES = 1024;

    private final Map<NodeId, NodeSpec> nodes = new LinkedHashMap<>();
    private final Map<NodeId, VSwitch> switches = new LinkedHashMap<>();
    private final Map<NodeId, List<TeamPort>> connected = new LinkedHashMap<>();
    /** Per switch: the connected senders by vPort id; read by the switch's scheduler under its lock. */
    private final Map<VSwitch, Int2ObjectHashMap<TeamPort>> senders = new java.util.IdentityHashMap<>();
    private final AtomicLong wireErrors = new AtomicLong();
    private final LongSupplier clock;
    private final Journal journal;
    private long skipped;

    /**
     * @param topology where the nodes and their NICs come from
     * @param journal where team changes and NIC failures are recorded and replayed from
     */
    @Activate
    public TeamingComponent(@Reference(name = "topology") Topology topology,
            @Reference(name = "journal") Journal journal) {
        this(nodesOf(topology), System::nanoTime, journal);
    }

    /**
     * @param nodes the nodes
     * @param clock the switches' clock
     * @param journal where team changes and NIC failures are recorded and replayed from
     */
    public TeamingComponent(List<NodeSpec> nodes, LongSupplier clock, Journal journal) {
        this.clock = clock;
        this.journal = journal;
        for (NodeSpec n : nodes) {
            this.nodes.put(n.id(), n);
            List<String> nics = new ArrayList<>();
            NicSpec first = n.nics().isEmpty() ? null : n.nics().get(0);
            for (NicSpec nic : n.nics()) {
                if (identical(first, nic) && nics.size() < TeamSpec.MAX_NICS) {
                    nics.add(nic.name());
                }
            }
            if (!nics.isEmpty()) {
                install(new TeamSpec(n.id(), nics, LoadDistribution.DYNAMIC, DEFAULT_CLASSES));
            }
        }
        journal.replay(0, this::apply);
    }

    /** Replays one recorded change; one that no longer applies (topology changed) is skipped. */
    private void apply(JournalRecord r) {
        try {
            r.as(TeamConfigured.TYPE).ifPresent(e -> configureNow(new TeamSpec(NodeId.of(e.node()),
                    List.of(e.nics().split(",")), e.distribution(), TeamConfigured.classes(e.classes()))));
            r.as(NicFailed.TYPE).ifPresent(e -> vswitch(NodeId.of(e.node())).failNic(e.nic()));
            r.as(NicRestored.TYPE).ifPresent(e -> vswitch(NodeId.of(e.node())).restoreNic(e.nic()));
        } catch (FabricException | IllegalArgumentException e) {
            skipped++;
        }
    }

    /** @return recorded changes the start-up replay skipped because they no longer apply */
    public synchronized long skipped() {
        return skipped;
    }

    private static List<NodeSpec> nodesOf(Topology topology) {
        List<NodeSpec> list = new ArrayList<>();
        for (StampSpec s : topology.region().stamps()) {
            for (ScaleUnitSpec su : s.scaleUnits()) {
                list.addAll(su.nodes());
            }
        }
        return list;
    }

    private static boolean identical(NicSpec a, NicSpec b) {
        return a.speedGbps() == b.speedGbps() && a.rdma() == b.rdma();
    }

    private void install(TeamSpec spec) {
        NodeSpec node = nodes.get(spec.node());
        int speed = 0;
        for (NicSpec nic : node.nics()) {
            if (nic.name().equals(spec.nics().get(0))) {
                speed = nic.speedGbps();
            }
        }
        Int2ObjectHashMap<TeamPort> bySender = new Int2ObjectHashMap<>();
        String[] classNames = new String[spec.classes().size()];
        for (int c = 0; c < classNames.length; c++) {
            classNames[c] = spec.classes().get(c).name();
        }
        VSwitch sw = new VSwitch(spec, speed, QUEUE_FRAMES, clock, (nic, c, vport, b, o, l) -> {
            TeamPort p = bySender.get(vport);
            if (p != null) {
                p.transmitted(nic, classNames[c], b, o, l);
            }
        });
        VSwitch old = switches.get(spec.node());
        // The old switch's lock is held across the hand-over: a sender waiting for it finds it
        // retired and sends again on the new one, after the frames queued before it.
        synchronized (old != null ? old : sw) {
            synchronized (sw) {
                sw.addVPort("host-mgmt", 0, null);
                for (int i = 0; i < Math.min(2, spec.nics().size()); i++) {
                    sw.addVPort("host-smb-" + (i + 1), 3, spec.nics().get(i));
                }
                // Connected senders follow the team onto its new switch.
                List<TeamPort> ports = connected.getOrDefault(spec.node(), List.of());
                int[] ids = new int[ports.size()];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = sw.addVPort(ports.get(k).name(), ports.get(k).priority(), null);
                    bySender.put(ids[k], ports.get(k));
                }
                if (old != null) {
                    // Frames queued on the old switch (closed ports' too) move over, in order.
                    int[] moved = sw.takeOver(old);
                    senders.remove(old).forEach((oldId, port) -> bySender.put(moved[oldId], port));
                }
                for (int k = 0; k < ids.length; k++) {
                    ports.get(k).bind(new TeamPort.Binding(sw, ids[k]));
                }
            }
        }
        switches.put(spec.node(), sw);
        senders.put(sw, bySender);
    }

    @Override
    public synchronized EgressPort connect(NodeId node, String name, int priority, UplinkWire wire) {
        java.util.Objects.requireNonNull(wire, "wire");
        fabric.api.core.Names.require("name", name);
        VSwitch sw = vswitch(node);
        TeamPort[] port = new TeamPort[1];
        port[0] = new TeamPort(name, priority, wire, wireErrors, () -> disconnect(node, port[0]));
        synchronized (sw) {
            int id = sw.addVPort(name, priority, null);
            senders.get(sw).put(id, port[0]);
            port[0].bind(new TeamPort.Binding(sw, id));
        }
        connected.computeIfAbsent(node, n -> new ArrayList<>()).add(port[0]);
        return port[0];
    }

    private synchronized void disconnect(NodeId node, TeamPort port) {
        List<TeamPort> list = connected.get(node);
        if (list == null || !list.remove(port)) {
            return;
        }
        TeamPort.Binding b = port.binding();
        synchronized (b.vswitch()) {
            b.vswitch().removeVPort(b.id());
        }
    }

    /** @return frames a connected sender's wire failed to take (it threw) */
    public long wireErrors() {
        return wireErrors.get();
    }

    @Override
    public synchronized List<TeamStatus> teams() {
        List<TeamStatus> list = new ArrayList<>();
        for (VSwitch sw : switches.values()) {
            synchronized (sw) {
                list.add(sw.status());
            }
        }
        return list;
    }

    @Override
    public synchronized TeamStatus team(NodeId node) {
        VSwitch sw = vswitch(node);
        synchronized (sw) {
            return sw.status();
        }
    }

    @Override
    public synchronized void configure(TeamSpec spec) {
        configureNow(spec);
        journal.append(TeamConfigured.TYPE, new TeamConfigured(spec.node().value(), String.join(",", spec.nics()),
                spec.distribution(), TeamConfigured.classes(spec.classes())));
    }

    private void configureNow(TeamSpec spec) {
        NodeSpec node = nodes.get(spec.node());
        if (node == null) {
            throw FabricException.notFound("node", spec.node().value());
        }
        NicSpec first = null;
        for (String name : spec.nics()) {
            NicSpec nic = null;
            for (NicSpec n : node.nics()) {
                if (n.name().equals(name)) {
                    nic = n;
                }
            }
            if (nic == null) {
                throw FabricException.notFound("NIC on " + spec.node(), name);
            }
            if (first == null) {
                first = nic;
            } else if (!identical(first, nic)) {
                throw FabricException.invalid("nics", "a team's NICs must be identical: " + first.name() + " is "
                        + first.speedGbps() + " Gb/s " + first.rdma() + ", " + nic.name() + " is " + nic.speedGbps()
                        + " Gb/s " + nic.rdma());
            }
        }
        install(spec);
    }

    @Override
    public synchronized void failNic(NodeId node, String nic) {
        VSwitch sw = vswitch(node);
        synchronized (sw) {
            sw.failNic(nic);
        }
        journal.append(NicFailed.TYPE, new NicFailed(node.value(), nic));
    }

    @Override
    public synchronized void restoreNic(NodeId node, String nic) {
        VSwitch sw = vswitch(node);
        synchronized (sw) {
            sw.restoreNic(nic);
        }
        journal.append(NicRestored.TYPE, new NicRestored(node.value(), nic));
    }

    @Override
    public synchronized void pfc(NodeId node, String nic, int priority, boolean paused) {
        VSwitch sw = vswitch(node);
        synchronized (sw) {
            sw.pfc(nic, priority, paused);
        }
    }

    private VSwitch vswitch(NodeId node) {
        VSwitch sw = switches.get(node);
        if (sw == null) {
            throw FabricException.notFound("team on node", node.value());
        }
        return sw;
    }
}
