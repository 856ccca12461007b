package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.lifecycle.ComplianceStatus;
import fabric.api.lifecycle.LifecycleService;
import fabric.api.lifecycle.NodeCompliance;
import fabric.api.lifecycle.VendorProvider;
import fabric.api.oem.HardwareProfile;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oem.kit.tool.PackageBuilder;
import oem.kit.tool.VendorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

/** The OEM bundles and the lifecycle in the real framework: providers, compliance, dry run, hot-swap. */
class OemTest {

    static final ScaleUnitId SU = ScaleUnitId.of("su-1");
    static final VendorFixture DELL = VendorFixture.load(OemTest.class.getClassLoader());

    @TempDir
    Path data;

    @TempDir
    Path files;

    EmbeddedFabric fabric;
    FabricShell shell;
    LifecycleService lifecycle;

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        lifecycle = fabric.service(LifecycleService.class);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    Bundle bundle(String bsn) {
        for (Bundle b : fabric.context().getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Waits, bounded, for a vendor's profile service: DS registers it when the bundle starts. */
    void awaitProfile(String vendor) throws Exception {
        ServiceTracker<?, ?> t = new ServiceTracker<>(fabric.context(), fabric.context().createFilter("(&(objectClass="
                + HardwareProfile.class.getName() + ")(" + HardwareProfile.VENDOR + "=" + vendor + "))"), null);
        t.open();
        try {
            assertNotNull(t.waitForService(10_000), "a profile of " + vendor);
        } finally {
            t.close();
        }
    }

    @Test
    void theFourVendorsAreReady() throws Exception {
        for (String v : List.of("dell", "hpe", "lenovo", "cisco")) {
            awaitProfile(v);
        }
        List<VendorProvider> vendors = lifecycle.vendors();
        assertEquals(List.of("cisco", "dell", "hpe", "lenovo"), vendors.stream().map(VendorProvider::vendor).toList());
        assertTrue(vendors.stream().allMatch(VendorProvider::complete), vendors.toString());
        String out = shell.execute("oem:vendors");
        assertTrue(out.contains("oem.dell") && out.contains("AX-660,AX-760") && out.contains("ready"), out);
        assertTrue(out.contains("cisco: Host Upgrade Utility: the host boots the updater"), out);
        String profiles = shell.execute("oem:profiles hpe");
        assertTrue(profiles.contains("hpe DL380-Gen11 (BMC iLO 6)") && profiles.contains("system-rom"), profiles);
    }

    @Test
    void complianceAndADryRunChangeNothing() throws Exception {
        awaitProfile("dell");
        long journal = fabric.service(Journal.class).lastIndex();
        String compliance = shell.execute("update:compliance");
        assertTrue(compliance.startsWith("su-1: NON_COMPLIANT"), compliance);
        assertTrue(compliance.contains("node-4  dell AX-760  NON_COMPLIANT (baseline 24.07)"), compliance);
        String plan = shell.execute("update:plan su-1 24.07");
        assertTrue(plan.startsWith("DRY RUN: su-1 to baseline 24.07"), plan);
        assertTrue(plan.contains("OFFLINE            reboot, activating bios 2.2.7"), plan);
        assertTrue(plan.contains("first; no VM runs on it"), plan);
        assertFalse(plan.contains("drain (live migration of its VMs)"), plan);
        assertTrue(plan.contains("wait for the storage resync of node-1"), plan);
        assertTrue(plan.contains("resynced at 200 MiB/s (assumed: no repair measured yet)"), plan);
        assertFalse(plan.contains("storage resync -"), "the storage engine gives the resync figures: " + plan);
        assertTrue(plan.matches("(?s).*EXIT_MAINTENANCE +resume node-1 and its storage +30 s +setting .*"), plan);
        assertEquals(compliance, shell.execute("update:compliance"), "nothing changed");
        assertEquals(journal, fabric.service(Journal.class).lastIndex(), "nothing journaled");

        FabricException unknown = assertThrows(FabricException.class, () -> shell.execute("update:plan su-9"));
        assertEquals("no scale unit named 'su-9'", unknown.getMessage());
    }

    @Test
    void validatingAPackageFileThroughTheShell() throws Exception {
        awaitProfile("dell");
        Path bios = Files.write(files.resolve("bios.fwpkg"), PackageBuilder.of(DELL.entry("bios", "2.2.7"))
                .signedWith(DELL.key()).build());
        assertTrue(shell.execute("oem:validate " + bios).startsWith("ACCEPTED: dell/bios-2-2-7 (bios 2.2.7) for"
                + " package only"));
        FabricException prerequisite = assertThrows(FabricException.class, () -> shell.execute("oem:validate " + bios
                + " node-1"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, prerequisite.code());
        assertTrue(prerequisite.getMessage().contains("MISSING_PREREQUISITE: bios 2.2.7 needs idrac >= 7.10.30.00"),
                prerequisite.getMessage());
        assertTrue(!prerequisite.getMessage().contains("\n"));

        Path tampered = Files.write(files.resolve("t.fwpkg"), PackageBuilder.of(DELL.entry("idrac", "7.10.70.00"))
                .signedWith(DELL.key()).tamperedPayload().build());
        FabricException t = assertThrows(FabricException.class, () -> shell.execute("oem:validate " + tampered));
        assertTrue(t.getMessage().contains("rejected: PAYLOAD_MISMATCH"), t.getMessage());
        assertEquals(ComplianceStatus.NON_COMPLIANT, lifecycle.compliance(SU, null).status(), "nothing staged");
    }

    @Test
    void theDemoPackagesAndTheHelp() throws Exception {
        awaitProfile("dell");
        Path demo = Path.of(System.getProperty("fabric.demo.topology")).getParent().resolve("firmware");
        assertTrue(shell.execute("oem:validate " + demo.resolve("dell-idrac-7.10.70.00.fwpkg") + " node-1")
                .startsWith("ACCEPTED: dell/idrac-7-10-70-00"));
        FabricException prerequisite = assertThrows(FabricException.class, () -> shell.execute("oem:validate "
                + demo.resolve("dell-bios-2.2.7.fwpkg") + " node-1"));
        assertTrue(prerequisite.getMessage().contains("MISSING_PREREQUISITE"), prerequisite.getMessage());
        FabricException tampered = assertThrows(FabricException.class, () -> shell.execute("oem:validate "
                + demo.resolve("dell-bios-2.2.7-tampered.fwpkg")));
        assertTrue(tampered.getMessage().contains("PAYLOAD_MISMATCH"), tampered.getMessage());

        String all = shell.execute("help");
        for (String command : List.of("oem:vendors", "oem:profiles", "oem:validate", "update:compliance",
                "update:plan")) {
            assertTrue(all.contains(command), command);
        }
        assertTrue(shell.execute("help update:plan").contains("dry run"));
    }

    @Test
    void stoppingTheDellBundleMakesItsNodesWaitAndRestartingItResumes() throws Exception {
        awaitProfile("dell");
        assertEquals(ComplianceStatus.NON_COMPLIANT, lifecycle.compliance(SU, null).status());
        Bundle dell = bundle("oem.dell");
        dell.stop();
        for (NodeCompliance n : lifecycle.compliance(SU, null).nodes()) {
            assertEquals(ComplianceStatus.UNAVAILABLE, n.status());
            assertEquals("waiting for provider dell", n.detail());
            assertEquals(5, n.components().size(), "the BMC still reports");
        }
        assertTrue(shell.execute("update:plan").contains("node-1: skipped: unavailable: waiting for provider dell"));
        Path idrac = Files.write(files.resolve("idrac.fwpkg"), PackageBuilder.of(DELL.entry("idrac", "7.10.70.00"))
                .signedWith(DELL.key()).build());
        FabricException away = assertThrows(FabricException.class, () -> shell.execute("oem:validate " + idrac));
        assertEquals("no OEM provider for vendor 'dell': waiting for provider dell", away.getMessage());

        dell.start();
        awaitProfile("dell");
        assertEquals(ComplianceStatus.NON_COMPLIANT, lifecycle.compliance(SU, null).status());
        assertTrue(shell.execute("oem:validate " + idrac + " node-1").startsWith("ACCEPTED"));
    }

    @Test
    void aFifthVendorIsOneBundleAndNothingElse() throws Exception {
        Path acme = AcmeBundle.write(files.resolve("oem.acme.jar"));
        Bundle installed = fabric.install(acme);
        awaitProfile("acme");
        VendorProvider provider = lifecycle.vendors().stream().filter(v -> v.vendor().equals("acme")).findFirst()
                .orElseThrow();
        assertTrue(provider.complete(), provider.toString());
        assertEquals("oem.acme 1.0.0", provider.bundle());
        assertEquals(List.of("R-100"), provider.models());
        String profiles = shell.execute("oem:profiles acme");
        assertTrue(profiles.contains("acme R-100 (BMC Acme BMC)") && profiles.contains("2.0"), profiles);

        Path signed = Files.write(files.resolve("acme.fwpkg"), PackageBuilder.of(AcmeBundle.BIOS)
                .signedWith(AcmeBundle.KEYS.getPrivate()).build());
        assertTrue(shell.execute("oem:validate " + signed).startsWith("ACCEPTED: acme/bios-2-0"));
        Path foreign = Files.write(files.resolve("foreign.fwpkg"), PackageBuilder.of(AcmeBundle.BIOS)
                .signedWith(DELL.key()).build());
        FabricException bad = assertThrows(FabricException.class, () -> shell.execute("oem:validate " + foreign));
        assertTrue(bad.getMessage().contains("BAD_SIGNATURE"), bad.getMessage());

        installed.uninstall();
        assertTrue(lifecycle.vendors().stream().noneMatch(v -> v.vendor().equals("acme")));
    }
}
