package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.topology.FailoverCapacity;
import fabric.api.topology.Membership;
import fabric.api.topology.QuorumState;
import fabric.api.topology.Topology;
import fabric.api.topology.TopologyParser;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** The real framework with the real bundles: what is installed, active and registered. */
class FabricServicesTest {

    @TempDir
    static Path data;

    static EmbeddedFabric fabric;

    @BeforeAll
    static void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
    }

    @AfterAll
    static void stop() {
        if (fabric != null) {
            fabric.close();
        }
    }

    @Test
    void everyBundleButTheConsoleIsActive() {
        Map<String, Integer> states = new TreeMap<>();
        for (Bundle b : fabric.context().getBundles()) {
            states.put(b.getSymbolicName(), b.getState());
        }
        for (String bsn : new String[] {"fabric.cluster", "fabric.journal", "org.apache.felix.scr",
            "org.apache.felix.configadmin", "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
            "com.fasterxml.jackson.core.jackson-databind"}) {
            assertEquals(Bundle.ACTIVE, states.get(bsn), bsn + " in " + states);
        }
        assertEquals(Bundle.RESOLVED, states.get("org.apache.felix.gogo.shell"), "no console without a terminal");
        assertTrue(!states.containsKey("fabric.api"), "fabric.api comes from the application's class path");
    }

    @Test
    void theBundlesAreThoseOfTheBndrun() throws Exception {
        // cnf/fabric.bndrun is resolved by the build; the embedded runtime must carry the same set.
        String bndrun = Files.readString(Path.of(System.getProperty("fabric.bndrun")));
        String runbundles = bndrun.substring(bndrun.indexOf("-runbundles:")).replace("\\\n", " ");
        Set<String> resolved = new TreeSet<>();
        Matcher m = Pattern.compile("([\\w.-]+);version=").matcher(runbundles);
        while (m.find()) {
            resolved.add(m.group(1));
        }
        resolved.remove("fabric.api");
        Set<String> embedded = new TreeSet<>();
        for (Bundle b : fabric.context().getBundles()) {
            if (b.getBundleId() != 0) {
                embedded.add(b.getSymbolicName());
            }
        }
        assertEquals(resolved, embedded);
    }

    @Test
    void apiServicesAreRegisteredWithTheApplicationsClasses() {
        assertNotNull(fabric.service(Topology.class));
        assertNotNull(fabric.service(Membership.class));
        assertNotNull(fabric.service(FailoverCapacity.class));
        assertNotNull(fabric.service(TopologyParser.class));
        Journal journal = fabric.service(Journal.class);
        assertTrue(journal.lastIndex() >= -1);
    }

    @Test
    void theDemoScaleUnitHasFourNodesAndQuorum() {
        Topology topology = fabric.service(Topology.class);
        var su = topology.scaleUnit(ScaleUnitId.of("su-1"));
        assertEquals(4, su.nodes().size());
        assertEquals(QuorumState.HEALTHY, topology.quorum(su.id()).state());
        assertEquals(4, topology.quorum(su.id()).presentVotes());
        assertEquals(ScaleUnitId.of("su-1"), topology.scaleUnitOf(NodeId.of("node-3")));
    }
}
