package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.lifecycle.ComplianceReport;
import fabric.api.lifecycle.ComplianceStatus;
import fabric.api.lifecycle.ComponentCompliance;
import fabric.api.lifecycle.Incompatibility;
import fabric.api.lifecycle.NodeCompliance;
import fabric.api.oem.ApplyTime;
import fabric.api.oem.BaseboardController;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.ComponentKind;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.Prerequisite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oem.kit.CatalogData;
import oem.kit.ProfileData;
import oem.kit.RuleSequencer;
import oem.kit.tool.PackageBuilder;
import org.junit.jupiter.api.Test;

/** Compliance per node and component with the vLCM statuses, and providers coming and going. */
class ComplianceTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    final TestTopology topology = new TestTopology("dell", "AX-760", 4);
    final LifecycleComponent lifecycle = new LifecycleComponent(topology, CLOCK);

    static Map<String, ComponentCompliance> byComponent(NodeCompliance n) {
        return n.components().stream().collect(java.util.stream.Collectors.toMap(ComponentCompliance::componentId,
                c -> c));
    }

    @Test
    void withoutItsProviderANodeIsWaiting() {
        ComplianceReport r = lifecycle.compliance(TestTopology.SU, null);
        assertEquals(ComplianceStatus.UNAVAILABLE, r.status());
        for (NodeCompliance n : r.nodes()) {
            assertEquals("waiting for provider dell", n.detail());
            assertEquals(List.of(), n.components(), "no BMC seen yet");
        }
    }

    @Test
    void factoryNodesAgainstTheNewestBaseline() {
        Providers.register(lifecycle.registry(), Providers.DELL.data());
        ComplianceReport r = lifecycle.compliance(TestTopology.SU, null);
        assertEquals(ComplianceStatus.NON_COMPLIANT, r.status());
        NodeCompliance n = r.nodes().get(0);
        assertEquals("24.07", n.baseline());
        assertEquals("4 of 5 components non-compliant", n.detail());
        Map<String, ComponentCompliance> c = byComponent(n);
        assertEquals(ComplianceStatus.COMPLIANT, c.get("hba355i").status());
        assertEquals(ComplianceStatus.NON_COMPLIANT, c.get("bios").status());
        assertEquals("runs 1.6.6, baseline 24.07 has 2.2.7", c.get("bios").detail());
        assertEquals(false, c.get("bios").staged());

        assertEquals(ComplianceStatus.COMPLIANT, lifecycle.compliance(TestTopology.SU, "23.11").status());
        NodeCompliance unknown = lifecycle.compliance(TestTopology.SU, "99.01").nodes().get(0);
        assertEquals(ComplianceStatus.INCOMPATIBLE, unknown.status());
        assertEquals(Incompatibility.CONFLICT, unknown.components().get(0).incompatibility());
        assertEquals("dell AX-760 has no certified baseline 99.01", unknown.detail());
    }

    @Test
    void stagedAndWouldDowngradeFollowTheBmc() {
        Providers.register(lifecycle.registry(), Providers.DELL.data());
        lifecycle.compliance(TestTopology.SU, null);
        BaseboardController bmc = lifecycle.baseboards().existing(NodeId.of("node-2")).orElseThrow();
        PackageDescriptor bios = Providers.DELL.entry("bios", "2.2.7");
        bmc.stage(Providers.DELL.signed(bios));
        ComponentCompliance staged = byComponent(lifecycle.compliance(TestTopology.SU, null).nodes().get(1)).get("bios");
        assertTrue(staged.staged());
        assertEquals(ComplianceStatus.NON_COMPLIANT, staged.status());

        bmc.apply(new ComponentTarget("bios", bios.version()), ApplyTime.ON_RESET);
        bmc.reboot();
        NodeCompliance back = lifecycle.compliance(TestTopology.SU, "24.03").nodes().get(1);
        ComponentCompliance down = byComponent(back).get("bios");
        assertEquals(ComplianceStatus.INCOMPATIBLE, down.status());
        assertEquals(Incompatibility.WOULD_DOWNGRADE, down.incompatibility());
        assertEquals("runs 2.2.7, baseline 24.03 has the older 2.1.5", down.detail());
    }

    @Test
    void missingPrerequisiteAndMissingPackage() {
        // A vendor whose newest baseline brings a BIOS that needs a BMC the baseline itself does not bring.
        List<HardwareComponent> parts = List.of(new HardwareComponent("bmc", ComponentKind.BMC, "ABMC"),
                new HardwareComponent("bios", ComponentKind.BIOS, "UEFI"),
                new HardwareComponent("nic", ComponentKind.NIC, "25GbE"));
        ProfileData profile = new ProfileData("acme", "X-1", "ABMC", parts, List.of(
                new CertifiedBaseline("1", Map.of("bmc", v("1.0"), "bios", v("1.0"), "nic", v("1.0"))),
                new CertifiedBaseline("2", Map.of("bmc", v("1.5"), "bios", v("2.0"), "nic", v("2.0")))));
        PackageDescriptor bios = PackageBuilder.describe("acme", "bios-2-0", "bios", "2.0", Set.of("X-1"),
                List.of(new Prerequisite("bmc", v("1.8"))));
        PackageDescriptor bmc = PackageBuilder.describe("acme", "bmc-1-5", "bmc", "1.5", Set.of("X-1"), List.of());
        TestTopology acme = new TestTopology("acme", "X-1", 4);
        LifecycleComponent l = new LifecycleComponent(acme, CLOCK);
        l.registry().addProfile(profile, "acme", "test");
        l.registry().addCatalog(new CatalogData("acme", List.of(bios, bmc)), "acme", "test");
        l.registry().addValidator(new oem.kit.SignedPackageValidator("acme", oem.kit.Ed25519.generate("a")
                .getPublic(), List.of(profile)), "acme", "test");
        l.registry().addSequencer(new RuleSequencer("acme", Providers.DELL.data().rules()), "acme", "test");

        Map<String, ComponentCompliance> c = byComponent(l.compliance(TestTopology.SU, "2").nodes().get(0));
        assertEquals(ComplianceStatus.NON_COMPLIANT, c.get("bmc").status());
        assertEquals(Incompatibility.MISSING_PREREQUISITE, c.get("bios").incompatibility());
        assertEquals("bios 2.0 needs bmc >= 1.8; neither the node nor baseline 2 brings it", c.get("bios").detail());
        assertEquals(Incompatibility.NO_PACKAGE, c.get("nic").incompatibility());
        assertEquals(ComplianceStatus.INCOMPATIBLE, l.compliance(TestTopology.SU, "2").status());
    }

    static FirmwareVersion v(String s) {
        return FirmwareVersion.of(s);
    }

    @Test
    void aWithdrawnProviderInvalidatesItsHandleAndItsNodesWait() {
        Providers.Registered dell = Providers.register(lifecycle.registry(), Providers.DELL.data());
        lifecycle.compliance(TestTopology.SU, null);
        Vendor handle = lifecycle.registry().complete("dell").orElseThrow();
        dell.withdraw(lifecycle.registry());

        FabricException stale = assertThrows(FabricException.class, handle::sequencer);
        assertEquals(ErrorCode.UNAVAILABLE, stale.code());
        assertEquals("provider dell was withdrawn; waiting for provider dell", stale.getMessage());
        NodeCompliance n = lifecycle.compliance(TestTopology.SU, null).nodes().get(0);
        assertEquals(ComplianceStatus.UNAVAILABLE, n.status());
        assertEquals("waiting for provider dell", n.detail());
        assertEquals(5, n.components().size(), "the BMC still reports its inventory");
        assertTrue(lifecycle.vendors().isEmpty());

        Providers.register(lifecycle.registry(), Providers.DELL.data());
        assertEquals(ComplianceStatus.NON_COMPLIANT, lifecycle.compliance(TestTopology.SU, null).status());
        assertEquals("dell", lifecycle.vendors().get(0).vendor());
        assertTrue(lifecycle.vendors().get(0).complete());
    }
}
