package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.lifecycle.ComplianceStatus;
import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.HardwareProfile;
import fabric.lifecycle.internal.bmc.BmcChanged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import oem.kit.tool.RedfishSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling update in which node-1's BMC is a Redfish service (named by the BMC file) and the other
 * nodes' are simulated: the run stages, applies and reboots node-1 over HTTP with the same steps.
 */
class RedfishRunTest {

    @TempDir
    Path tmp;

    @Test
    void aNodeWithARedfishBmcIsUpdatedOverHttp() throws Exception {
        HardwareProfile ax760 = RunFixture.DELL.profile("AX-760");
        try (RedfishSimulator bmc = new RedfishSimulator("fabric", "pw-node-1")) {
            CertifiedBaseline factory = ax760.baselines().get(0);
            factory.versions().forEach((c, v) -> bmc.installed.put(c, v.value()));
            Files.writeString(tmp.resolve("node-1.pw"), "pw-node-1\n");
            Path file = tmp.resolve("bmc.json");
            Files.writeString(file, "{\"nodes\":{\"node-1\":{\"address\":\"" + bmc.address() + "\",\"user\":\"fabric\","
                    + "\"passwordFile\":\"node-1.pw\"}}}");
            MemoryJournal journal = new MemoryJournal(RunEngineTest.CLOCK);
            RunFixture f = new RunFixture(journal, 4, RunEngineTest.CLOCK, file);
            assertEquals(ComplianceStatus.NON_COMPLIANT, f.lifecycle.compliance(TestTopology.SU, null).nodes().get(0)
                    .status());

            f.engine.start(TestTopology.SU, null, RunFixture.settings(RunFixture.packages(tmp.resolve("firmware"))));
            f.drive(10_000);
            RunStatus s = f.engine.status().orElseThrow();
            assertEquals(RunState.SUCCEEDED, s.state(), s.toString());
            CertifiedBaseline newest = ax760.latestBaseline();
            Map<String, String> expected = new LinkedHashMap<>();
            newest.versions().forEach((c, v) -> expected.put(c, v.value()));
            assertEquals(expected, bmc.installed, "node-1 runs the newest baseline, as its BMC reports");
            assertTrue(bmc.staged.isEmpty() && bmc.pending.isEmpty());
            assertEquals(1, bmc.boots, "one reboot activates every image applied on reset");
            assertEquals(4, bmc.payloads.size(), "each package pushed once");
            assertEquals(ComplianceStatus.COMPLIANT, f.lifecycle.compliance(TestTopology.SU, null).nodes().get(0)
                    .status());
            assertTrue(journal.events(BmcChanged.TYPE).stream().noneMatch(e -> e.node().equals("node-1")),
                    "a real BMC keeps its own state: nothing of node-1's BMC is journaled");
            assertEquals(3 * 9, journal.events(BmcChanged.TYPE).size(), "the three simulated BMCs as before");
            assertEquals(NodeId.of("node-1"), f.lifecycle.baseboards().existing(NodeId.of("node-1")).orElseThrow()
                    .node());
        }
    }
}
