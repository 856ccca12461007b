package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.ValidationReason;
import fabric.api.oem.ValidationResult;
import fabric.lifecycle.internal.shell.ShellAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import oem.kit.tool.PackageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validating a package file through the lifecycle service and the oem:validate command. */
class ValidateTest {

    @TempDir
    Path dir;

    final TestTopology topology = new TestTopology("dell", "AX-760", 4);
    final LifecycleComponent lifecycle = new LifecycleComponent(topology, ComplianceTest.CLOCK);

    Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void packageAloneAndForANode() throws Exception {
        Providers.register(lifecycle.registry(), Providers.DELL.data());
        Path bios = write("bios.fwpkg", PackageBuilder.of(Providers.DELL.entry("bios", "2.2.7"))
                .signedWith(Providers.DELL.key()).build());
        assertTrue(lifecycle.validate(bios, null, null).accepted());
        ValidationResult forNode = lifecycle.validate(bios, NodeId.of("node-1"), null);
        assertEquals(Set.of(ValidationReason.MISSING_PREREQUISITE), forNode.reasons());
        assertEquals("node-1 (dell AX-760, baseline 24.07)", forNode.checkedAgainst());
        NodeInventory before = lifecycle.baseboards().existing(NodeId.of("node-1")).orElseThrow().inventory();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FabricException e = assertThrows(FabricException.class, () -> ShellAccess.oem(lifecycle).validate(
                bios.toString(), "node-1", null, new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(bios + ": rejected: MISSING_PREREQUISITE: bios 2.2.7 needs idrac >= 7.10.30.00, node-1 runs"
                + " idrac 7.00.00.00", e.getMessage());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("REJECTED: dell/bios-2-2-7 (bios 2.2.7) for node-1"), out);
        assertEquals(before, lifecycle.baseboards().existing(NodeId.of("node-1")).orElseThrow().inventory(),
                "a rejected package changes nothing");

        Path idrac = write("idrac.fwpkg", PackageBuilder.of(Providers.DELL.entry("idrac", "7.10.70.00"))
                .signedWith(Providers.DELL.key()).build());
        assertEquals("ACCEPTED: dell/idrac-7-10-70-00 (idrac 7.10.70.00) for node-1 (dell AX-760, baseline 24.07)",
                ShellAccess.oem(lifecycle).validate(idrac.toString(), "node-1", null, System.out));
    }

    @Test
    void refusalsAreOneLineAndNameTheThing() throws Exception {
        Path idrac = write("idrac.fwpkg", PackageBuilder.of(Providers.DELL.entry("idrac", "7.10.70.00"))
                .signedWith(Providers.DELL.key()).build());
        FabricException noProvider = assertThrows(FabricException.class, () -> lifecycle.validate(idrac, null, null));
        assertEquals(ErrorCode.UNAVAILABLE, noProvider.code());
        assertEquals("no OEM provider for vendor 'dell': waiting for provider dell", noProvider.getMessage());

        Providers.register(lifecycle.registry(), Providers.DELL.data());
        FabricException missing = assertThrows(FabricException.class, () -> lifecycle.validate(dir.resolve("no.fwpkg"),
                null, null));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        FabricException node = assertThrows(FabricException.class, () -> lifecycle.validate(idrac, NodeId.of("node-9"),
                null));
        assertEquals("no node named 'node-9'", node.getMessage());
        FabricException baseline = assertThrows(FabricException.class, () -> lifecycle.validate(idrac,
                NodeId.of("node-1"), "99.01"));
        assertEquals("no baseline of dell AX-760 named '99.01'", baseline.getMessage());
        Path junk = write("junk.fwpkg", "not a zip".getBytes(StandardCharsets.UTF_8));
        FabricException malformed = assertThrows(FabricException.class, () -> lifecycle.validate(junk, null, null));
        assertEquals(ErrorCode.INVALID_ARGUMENT, malformed.code());
        assertTrue(malformed.getMessage().startsWith("junk.fwpkg: not a firmware package"), malformed.getMessage());
    }
}
