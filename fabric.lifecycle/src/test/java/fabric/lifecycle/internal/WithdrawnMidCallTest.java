package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.lifecycle.ComplianceStatus;
import fabric.api.lifecycle.NodeCompliance;
import fabric.api.lifecycle.NodePlan;
import fabric.api.lifecycle.UpdatePlan;
import fabric.api.oem.FirmwareCatalog;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.UpdateSequencer;
import fabric.api.oem.UpdateStep;
import java.util.List;
import oem.kit.ProfileData;
import oem.kit.RuleSequencer;
import oem.kit.SignedPackageValidator;
import oem.kit.VendorData;
import org.junit.jupiter.api.Test;

/**
 * A vendor bundle stopped while the fabric is inside one of its calls: the call completes, and
 * nothing computed from it is used; the nodes wait for the provider.
 */
class WithdrawnMidCallTest {

    final TestTopology topology = new TestTopology("dell", "AX-760", 4);
    final LifecycleComponent lifecycle = new LifecycleComponent(topology, ComplianceTest.CLOCK);
    final ProviderRegistry registry = lifecycle.registry();
    final VendorData dell = Providers.DELL.data();
    final FirmwareValidator validator = new SignedPackageValidator("dell", dell.publicKey(), dell.profiles());

    /** Registers Dell with the given sequencer and catalog, as its bundle would. */
    void register(UpdateSequencer sequencer, FirmwareCatalog catalog) {
        for (ProfileData p : dell.profiles()) {
            registry.addProfile(p, "dell", "oem.dell 1.0.0");
        }
        registry.addCatalog(catalog, "dell", "oem.dell 1.0.0");
        registry.addValidator(validator, "dell", "oem.dell 1.0.0");
        registry.addSequencer(sequencer, "dell", "oem.dell 1.0.0");
    }

    void withdrawAll(UpdateSequencer sequencer, FirmwareCatalog catalog) {
        for (ProfileData p : dell.profiles()) {
            registry.removeProfile(p, "dell");
        }
        registry.removeCatalog(catalog, "dell");
        registry.removeValidator(validator, "dell");
        registry.removeSequencer(sequencer, "dell");
    }

    @Test
    void aPlanDoesNotUseStepsFromAProviderThatLeftDuringTheCall() {
        RuleSequencer real = new RuleSequencer("dell", dell.rules());
        UpdateSequencer[] self = new UpdateSequencer[1];
        self[0] = new UpdateSequencer() {
            @Override
            public String vendor() {
                return "dell";
            }

            @Override
            public String summary() {
                return real.summary();
            }

            @Override
            public List<UpdateStep> sequence(NodeInventory node, List<PackageDescriptor> packages) {
                withdrawAll(self[0], dell.catalog()); // the bundle stops while we are inside its call
                return real.sequence(node, packages);
            }
        };
        register(self[0], dell.catalog());
        UpdatePlan plan = lifecycle.plan(TestTopology.SU, null);
        for (NodePlan p : plan.nodes()) {
            assertEquals("unavailable: waiting for provider dell", p.skipped(), p.node().value());
            assertTrue(p.steps().isEmpty());
        }
    }

    @Test
    void complianceDropsAJudgementMadeWhileTheProviderLeft() {
        FirmwareCatalog[] self = new FirmwareCatalog[1];
        UpdateSequencer sequencer = new RuleSequencer("dell", dell.rules());
        self[0] = new FirmwareCatalog() {
            @Override
            public String vendor() {
                return "dell";
            }

            @Override
            public List<PackageDescriptor> packages() {
                withdrawAll(sequencer, self[0]);
                return dell.catalog().packages();
            }
        };
        register(sequencer, self[0]);
        NodeCompliance first = lifecycle.compliance(TestTopology.SU, null).nodes().get(0);
        assertEquals(ComplianceStatus.UNAVAILABLE, first.status());
        assertEquals("waiting for provider dell", first.detail());
        assertEquals(5, first.components().size(), "what the BMC reports is still shown");
    }
}
