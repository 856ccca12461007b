package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.ComputeService;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStateChanged;
import fabric.api.compute.VmStatus;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.lifecycle.AdmissionService;
import fabric.api.lifecycle.AdmissionVerdict;
import fabric.api.lifecycle.LifecycleService;
import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.api.lifecycle.UpdateRunService;
import fabric.api.lifecycle.VendorProvider;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.PackageDescriptor;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeHealth;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.Topology;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import oem.dell.DellOem;
import oem.kit.tool.PackageBuilder;
import oem.kit.tool.VendorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A rolling firmware update of the 4-node demo in the real framework, with running VMs and a volume
 * under I/O: mid-run the oem.dell bundle is stopped, updated to a new version and started again.
 */
class UpdateRunTest {

    static final ScaleUnitId SU = ScaleUnitId.of("su-1");
    static final VendorFixture DELL = VendorFixture.load(UpdateRunTest.class.getClassLoader());

    @TempDir
    Path data;

    @TempDir
    Path firmware;

    EmbeddedFabric fabric;
    FabricShell shell;
    UpdateRunService runs;
    int ios;

    @BeforeEach
    void start() throws Exception {
        for (PackageDescriptor p : DELL.data().catalog().packages()) {
            Files.write(firmware.resolve(p.packageId() + ".fwpkg"), PackageBuilder.of(p).signedWith(DELL.key()).build());
        }
        fabric = EmbeddedFabric.start(FabricConfig.demo(data).withProperty("fabric.nbd.port", "0")
                .withProperty("fabric.firmware", firmware.toString()));
        shell = fabric.shell();
        runs = fabric.service(UpdateRunService.class);
        awaitProfile();
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    void awaitProfile() throws Exception {
        ServiceTracker<?, ?> t = new ServiceTracker<>(fabric.context(), fabric.context().createFilter("(&(objectClass="
                + HardwareProfile.class.getName() + ")(" + HardwareProfile.VENDOR + "=dell))"), null);
        t.open();
        try {
            assertNotNull(t.waitForService(10_000), "a profile of dell");
        } finally {
            t.close();
        }
    }

    Bundle bundle(String bsn) {
        for (Bundle b : fabric.context().getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Writes and checks blocks of the volume until the condition holds (bounded): the I/O the run runs under. */
    void underIo(BlockDevice dev, Map<Long, byte[]> written, SplittableRandom random, BooleanSupplier until) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!until.getAsBoolean()) {
            if (dev == null) {
                Thread.yield(); // Waits for the run thread, bounded by the deadline above.
                continue;
            }
            assertTrue(System.nanoTime() < deadline, "the run did not get there in time: " + runs.status());
            long offset = random.nextInt(256) * 4096L;
            byte[] block = new byte[4096];
            random.nextBytes(block);
            dev.write(offset, ByteBuffer.wrap(block), false);
            written.put(offset, block);
            ByteBuffer back = ByteBuffer.allocate(4096);
            dev.read(offset, back);
            assertArrayEquals(block, back.array(), "read back at " + offset);
            VolumeHealth health = fabric.service(StorageService.class).pool(SU).volume("data").health();
            assertTrue(health != VolumeHealth.OFFLINE, "the volume went offline during " + runs.status());
            ios++;
        }
    }

    /**
     * Pauses the run when node-2 enters maintenance: the listener is called on the run's own thread
     * inside the drain step, so the run stops right after that step, at a known point.
     */
    void pauseWhenNode2IsOut() {
        boolean[] once = {false};
        fabric.context().registerService(MembershipListener.class, (change, quorum) -> {
            if (change.node().equals("node-2") && change.to() == NodeState.MAINTENANCE && !once[0]) {
                once[0] = true;
                runs.pause();
            }
        }, null);
    }

    static byte[] newVersion(Path jar, String version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream jos = new JarOutputStream(out, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    jos.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jos);
                    jos.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void aRollingUpdateWithVmsAndAVolumeSurvivesTheDellBundleBeingUpdatedMidRun() throws Exception {
        shell.execute("vm:create web-1 --cpu 2 --mem 4g; vm:create web-2 --cpu 2 --mem 4g; vm:create db-1 --cpu 4 --mem 8g");
        shell.execute("storage:volume-create data two-way-mirror 64MiB");
        StorageService storage = fabric.service(StorageService.class);
        BlockDevice dev = storage.pool(SU).open("data");
        Map<Long, byte[]> written = new HashMap<>();
        SplittableRandom random = new SplittableRandom(5);
        Journal journal = fabric.service(Journal.class);
        long from = journal.lastIndex() + 1;

        pauseWhenNode2IsOut();
        String started = shell.execute("update:run");
        assertTrue(started.startsWith("run-1 RUNNING ["), started);

        // The run is paused the moment node-2 enters maintenance; then the Dell provider goes away.
        underIo(dev, written, random, () -> runs.status().orElseThrow().state() == RunState.PAUSED);
        assertEquals("node-2", runs.status().orElseThrow().node());
        Bundle dell = bundle("oem.dell");
        dell.stop();
        runs.resume();
        underIo(dev, written, random, () -> runs.status().orElseThrow().state() == RunState.WAITING);
        RunStatus waiting = runs.status().orElseThrow();
        assertEquals("waiting for provider dell", waiting.detail());
        String status = shell.execute("update:status");
        assertTrue(status.contains("WAITING [") && status.contains("waiting for provider dell"), status);
        int done = waiting.stepsDone();
        assertEquals(done, runs.status().orElseThrow().stepsDone(), "nothing moves while the provider is away");

        // A new version of the bundle, then started: the run goes on with the new provider.
        Path jar = Path.of(DellOem.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = new ByteArrayInputStream(newVersion(jar, "1.0.1"))) {
            dell.update(in);
        }
        dell.start();
        awaitProfile();
        underIo(dev, written, random, () -> runs.status().orElseThrow().state().finished());
        RunStatus end = runs.status().orElseThrow();
        assertEquals(RunState.SUCCEEDED, end.state(), end.toString());
        assertEquals(4, end.nodesDone());
        VendorProvider provider = fabric.service(LifecycleService.class).vendors().stream()
                .filter(v -> v.vendor().equals("dell")).findFirst().orElseThrow();
        assertEquals("oem.dell 1.0.1", provider.bundle());
        assertTrue(shell.execute("update:compliance").startsWith("su-1: COMPLIANT"));

        // Every step exactly once, never two nodes out, no VM stopped, the volume never offline.
        List<JournalRecord> records = new ArrayList<>();
        journal.replay(from, records::add);
        List<Long> seqs = records.stream().filter(r -> r.type().equals("lifecycle.run-step-started"))
                .map(r -> Long.parseLong(r.fields().get("seq"))).toList();
        assertEquals(end.stepsPlanned(), seqs.size());
        assertEquals(seqs.size(), new HashSet<>(seqs).size(), "every step started exactly once");
        assertEquals(4 * 9, records.stream().filter(r -> r.type().equals("lifecycle.bmc-changed")).count());
        Set<String> out = new HashSet<>();
        int maxOut = 0;
        for (JournalRecord r : records) {
            var change = r.as(NodeStateChanged.TYPE);
            if (change.isPresent()) {
                if (change.get().to() == NodeState.UP) {
                    out.remove(change.get().node());
                } else {
                    out.add(change.get().node());
                }
                maxOut = Math.max(maxOut, out.size());
            }
            r.as(VmStateChanged.TYPE).ifPresent(v -> assertTrue(v.to() == VmState.MIGRATING
                    || v.to() == VmState.RUNNING, "VM " + v.vm() + " went " + v.to()));
        }
        assertEquals(1, maxOut, "never two nodes out");
        assertEquals(0, out.size());
        for (VmStatus vm : fabric.service(ComputeService.class).list()) {
            assertEquals(VmState.RUNNING, vm.state(), vm.toString());
        }
        assertEquals(VolumeHealth.HEALTHY, storage.pool(SU).volume("data").health());
        assertTrue(ios > 0, "I/O ran during the run");
        for (Map.Entry<Long, byte[]> e : written.entrySet()) {
            ByteBuffer back = ByteBuffer.allocate(4096);
            dev.read(e.getKey(), back);
            assertArrayEquals(e.getValue(), back.array(), "at " + e.getKey());
        }
        String history = shell.execute("update:history 500");
        assertTrue(history.contains("run-1 run waiting: waiting for provider dell"), history);
        assertTrue(history.contains("run-1 run running: no longer waiting for provider dell"), history);
        assertTrue(history.contains("run-1 node-4 updated"), history);
        assertTrue(history.matches("(?s).*step \\d+ done: moved [1-3] VM\\(s\\): .*web-1 to node-\\d.*"), history);
    }

    @Test
    void aPausedRunSurvivesARestartOfTheFabricAndResumesWhereItStood() throws Exception {
        pauseWhenNode2IsOut();
        shell.execute("update:run su-1 24.07");
        // The pause is asked for inside the drain step: the run is paused once that step is done too.
        underIo(null, null, null, () -> runs.status().orElseThrow().state() == RunState.PAUSED
                && !runs.status().orElseThrow().step().contains("drain node-2"));
        RunStatus paused = runs.status().orElseThrow();
        assertEquals("node-2", paused.node());
        String bios = shell.execute("update:compliance");
        fabric.close();

        fabric = EmbeddedFabric.start(FabricConfig.demo(data).withProperty("fabric.nbd.port", "0")
                .withProperty("fabric.firmware", firmware.toString()));
        shell = fabric.shell();
        runs = fabric.service(UpdateRunService.class);
        awaitProfile();
        RunStatus again = runs.status().orElseThrow();
        assertEquals(paused, again, "the run stands where it stood, from the journal");
        assertEquals(bios, shell.execute("update:compliance"), "the BMCs too");
        assertTrue(shell.execute("update:status").contains("run-1 PAUSED ["));
        shell.execute("update:resume");
        underIo(null, null, null, () -> runs.status().orElseThrow().state().finished());
        assertEquals(RunState.SUCCEEDED, runs.status().orElseThrow().state(), runs.status().toString());
        assertTrue(shell.execute("update:compliance").startsWith("su-1: COMPLIANT"));
    }

    @Test
    void admissionAnswersWithFiguresThroughTheShellAndChangesNothing() {
        shell.execute("vm:create web-1 --cpu 2 --mem 4g");
        shell.execute("storage:volume-create data two-way-mirror 64MiB");
        StoragePool pool = fabric.service(StorageService.class).pool(SU);
        BlockDevice data = pool.open("data");
        data.write(0, ByteBuffer.wrap(new byte[1 << 20]).put(0, (byte) 7), true);
        data.flush();
        MaintenanceImpact impact = pool.maintenanceImpact(NodeId.of("node-1"));
        Journal journal = fabric.service(Journal.class);
        long before = journal.lastIndex();
        QuorumStatus q = fabric.service(Topology.class).quorum(SU);

        String safe = shell.execute("update:admission node-1");
        assertTrue(safe.contains("quorum: " + q.presentVotes() + " of " + q.totalVotes() + " votes present, "
                + q.requiredVotes() + " needed; " + (q.presentVotes() - 1) + " without node-1"), safe);
        assertTrue(safe.contains("N-1: reserve held"), safe);
        assertTrue(safe.lines().anyMatch(l -> l.strip().startsWith("data") && l.contains("HEALTHY")
                && l.contains("DEGRADED")), safe);
        long onNode = impact.volumes().get(0).slabsOnNode();
        assertTrue(safe.lines().anyMatch(l -> l.strip().startsWith("data") && l.contains(onNode + " of 1")), safe);
        assertTrue(safe.contains("slabs with node-1 down: " + impact.volumes().get(0).slabsWithoutRedundancy()
                + " left without redundancy, 0 offline"), safe);
        assertTrue(safe.contains("  resync: 0 B pending now, "), safe);
        assertTrue(safe.contains("verdict: SAFE"), safe);
        assertEquals(AdmissionVerdict.SAFE, fabric.service(AdmissionService.class).admission(NodeId.of("node-1"))
                .verdict());
        assertEquals(before, journal.lastIndex(), "admission only reads");

        fabric.service(ComputeService.class).drainNode(NodeId.of("node-2"));
        String unsafe = shell.execute("update:admission node-1");
        assertTrue(unsafe.contains("verdict: UNSAFE"), unsafe);
        assertTrue(unsafe.contains("another node out: node-2 is MAINTENANCE; never two nodes out"), unsafe);

        FabricException e = assertThrows(FabricException.class, () -> shell.execute("update:admission node-99"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badCommandsChangeNothing() {
        Journal journal = fabric.service(Journal.class);
        long before = journal.lastIndex();
        for (String bad : List.of("update:pause", "update:resume", "update:cancel", "update:run su-9",
                "update:run --max-failed -1", "update:run --retries many", "update:run --order node-1,node-2",
                "update:run --order node-1,node-2,node-3,node-9", "update:run --reboot-timeout soon",
                "update:run --packages " + firmware.resolve("none"), "update:history 0")) {
            assertThrows(FabricException.class, () -> shell.execute(bad), bad);
        }
        assertEquals(before, journal.lastIndex(), "nothing journaled");
        assertEquals("no update run was started", shell.execute("update:status").strip());
        String help = shell.execute("help");
        for (String c : List.of("update:run", "update:status", "update:pause", "update:resume", "update:cancel",
                "update:history", "update:admission")) {
            assertTrue(help.contains(c), c);
        }
        assertTrue(shell.execute("help update:run").contains("--force-drain"));
    }
}
