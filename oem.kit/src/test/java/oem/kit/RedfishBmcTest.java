package oem.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.oem.ApplyTime;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PowerState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import oem.kit.tool.PackageBuilder;
import oem.kit.tool.RedfishSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redfish BMC against a Redfish-shaped HTTP server: inventory, stage, apply, reboot, errors. */
class RedfishBmcTest {

    static final HardwareProfile X1 = VendorData.load(VendorDataTest.files(VendorDataTest.KEYS)::get).profiles()
            .get(0);

    @TempDir
    Path tmp;
    RedfishSimulator server;
    RedfishBmc bmc;

    @BeforeEach
    void setUp() throws Exception {
        server = new RedfishSimulator("fabric", "s3cret");
        server.installed.put("bmc", "1.5");
        server.installed.put("bios", "1.0");
        Files.writeString(tmp.resolve("node-1.pw"), "s3cret\n");
        Files.writeString(tmp.resolve("bmc.json"), "{\"nodes\":{\"node-1\":{\"address\":\"" + server.address()
                + "\",\"user\":\"fabric\",\"passwordFile\":\"node-1.pw\"}}}");
        bmc = RedfishBmc.of(RedfishEndpoint.read(tmp.resolve("bmc.json")).get("node-1"), X1);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static FirmwarePackage bios20() {
        return PackageFormat.read("bios.fwpkg", PackageBuilder.of(PackageFormatTest.BIOS)
                .signedWith(VendorDataTest.KEYS.getPrivate()).build());
    }

    @Test
    void inventoryComesFromFirmwareInventoryAndTheSystem() {
        NodeInventory inv = bmc.inventory();
        assertEquals("node-1", inv.node().value());
        assertEquals("acme", inv.vendor());
        assertEquals("X-1", inv.model());
        assertEquals(List.of("bmc", "bios"), inv.components().stream().map(InstalledFirmware::componentId).toList(),
                "cpld is not in the profile");
        assertEquals(FirmwareVersion.of("1.0"), inv.component("bios").orElseThrow().version());
        assertNull(inv.component("bios").orElseThrow().staged());
        assertEquals(PowerState.ON, inv.power());
        assertTrue(server.requests.contains("GET /redfish/v1/Systems"), "the first system is looked up");
    }

    @Test
    void stageApplyOnResetAndRebootUpdateTheComponentOnce() {
        FirmwarePackage pkg = bios20();
        bmc.stage(pkg);
        assertEquals(FirmwareVersion.of("2.0"), bmc.inventory().component("bios").orElseThrow().staged());
        assertEquals(1, server.payloads.size());
        assertArrayEquals(pkg.payload(), server.payloads.get(0), "the payload is pushed as UpdateFile");
        assertTrue(server.requests.contains("GET /redfish/v1/TaskService/Tasks/1"), "the push task is followed");
        bmc.stage(pkg);
        assertEquals(1, server.payloads.size(), "staging again changes nothing");

        ComponentTarget target = new ComponentTarget("bios", FirmwareVersion.of("2.0"));
        bmc.apply(target, ApplyTime.ON_RESET);
        InstalledFirmware bios = bmc.inventory().component("bios").orElseThrow();
        assertEquals(FirmwareVersion.of("2.0"), bios.pending());
        assertEquals(FirmwareVersion.of("1.0"), bios.version());
        long starts = server.requests.stream().filter(r -> r.endsWith("StartUpdate")).count();
        bmc.apply(target, ApplyTime.ON_RESET);
        assertEquals(starts, server.requests.stream().filter(r -> r.endsWith("StartUpdate")).count(), "idempotent");

        bmc.reboot();
        assertEquals(1, server.boots);
        assertEquals(FirmwareVersion.of("2.0"), bmc.inventory().component("bios").orElseThrow().version());
        assertEquals(PowerState.ON, bmc.powerState());
        bmc.apply(target, ApplyTime.IMMEDIATE);
        assertEquals(starts, server.requests.stream().filter(r -> r.endsWith("StartUpdate")).count(),
                "applying the installed version changes nothing");
    }

    @Test
    void aHostThatStaysOffIsPoweredOnByTheNextReboot() {
        server.hangNextBoot = true;
        bmc.reboot();
        assertEquals(PowerState.OFF, bmc.powerState());
        bmc.reboot();
        assertEquals(PowerState.ON, bmc.powerState());
        assertEquals(1, server.boots);
    }

    @Test
    void applyingAnImageThatIsNotStagedIsRefusedBeforeAnyRequestChangesAnything() {
        FabricException e = assertThrows(FabricException.class, () -> bmc.apply(new ComponentTarget("bios",
                FirmwareVersion.of("2.0")), ApplyTime.IMMEDIATE));
        assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
        assertEquals("node-1: bios 2.0 is not staged", e.getMessage());
        assertTrue(server.requests.stream().noneMatch(r -> r.startsWith("POST")));
    }

    @Test
    void redfishErrorBodiesBecomeClearFabricExceptions() throws Exception {
        server.failNext = 503;
        FabricException busy = assertThrows(FabricException.class, bmc::inventory);
        assertEquals(ErrorCode.UNAVAILABLE, busy.code());
        assertEquals("BMC of node-1 (" + server.address() + "): GET /redfish/v1/UpdateService/FirmwareInventory"
                + " answered 503: Base.1.8.GeneralError: A general error has occurred.;"
                + " Base.1.8.ServiceTemporarilyUnavailable: The service is temporarily unavailable. (Retry in 30"
                + " seconds.)", busy.getMessage());

        server.installed.remove("bios");
        FabricException missing = assertThrows(FabricException.class, bmc::inventory);
        assertEquals(ErrorCode.FAILED_PRECONDITION, missing.code());
        assertTrue(missing.getMessage().endsWith("reports no firmware for bios (BIOS) in its FirmwareInventory"),
                missing.getMessage());
        server.installed.put("bios", "1.0");

        Files.writeString(tmp.resolve("bmc.json"), "{\"nodes\":{\"node-1\":{\"address\":\"" + server.address()
                + "\",\"user\":\"fabric\",\"password\":\"wrong\"}}}");
        RedfishBmc wrong = RedfishBmc.of(RedfishEndpoint.read(tmp.resolve("bmc.json")).get("node-1"), X1);
        FabricException denied = assertThrows(FabricException.class, wrong::powerState);
        assertEquals(ErrorCode.FAILED_PRECONDITION, denied.code());
        assertTrue(denied.getMessage().contains("answered 401 (credentials rejected: check the BMC file):"
                + " Base.1.8.GeneralError: A general error has occurred.; Base.1.8.NoValidSession"), denied.getMessage());
        assertTrue(!denied.getMessage().contains("wrong"), "the password is never printed");

        RedfishEndpoint nowhere = new RedfishEndpoint("node-2", URI.create("http://127.0.0.1:1"), "fabric", "x", "1",
                Duration.ofSeconds(5));
        FabricException down = assertThrows(FabricException.class, () -> RedfishBmc.of(nowhere, X1).powerState());
        assertEquals(ErrorCode.UNAVAILABLE, down.code());
        assertTrue(down.getMessage().startsWith("BMC of node-2 (http://127.0.0.1:1) did not answer GET"
                + " /redfish/v1/Systems/1"), down.getMessage());

        RedfishEndpoint badSystem = new RedfishEndpoint("node-1", server.address(), "fabric", "s3cret", "Nope",
                Duration.ofSeconds(5));
        FabricException notFound = assertThrows(FabricException.class, () -> RedfishBmc.of(badSystem, X1).reboot());
        assertEquals(ErrorCode.NOT_FOUND, notFound.code());
        assertTrue(notFound.getMessage().contains("Base.1.8.ResourceMissingAtURI: The resource at the URI"
                + " '/redfish/v1/Systems/Nope' was not found."), notFound.getMessage());
    }

    @Test
    void theBmcFileIsCheckedAndNamesTheNodeAndField() throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"nodes\":{\"node-3\":{\"address\":\"ftp://x\",\"user\":\"a\",\"password\":\"b\"}}}");
        FabricException scheme = assertThrows(FabricException.class, () -> RedfishEndpoint.read(f));
        assertEquals(ErrorCode.INVALID_ARGUMENT, scheme.code());
        assertTrue(scheme.getMessage().contains("BMC of node-3"), scheme.getMessage());
        Files.writeString(f, "{\"nodes\":{\"node-3\":{\"address\":\"https://x\",\"user\":\"a\"}}}");
        assertTrue(assertThrows(FabricException.class, () -> RedfishEndpoint.read(f)).getMessage()
                .contains("node node-3: \"passwordFile\" or \"password\" is required"));
        Files.writeString(f, "not json");
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class, () -> RedfishEndpoint.read(f))
                .code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class, () -> RedfishEndpoint.read(
                tmp.resolve("none.json"))).code());
        Map<String, RedfishEndpoint> ok = RedfishEndpoint.read(tmp.resolve("bmc.json"));
        assertEquals("s3cret", ok.get("node-1").password(), "read from the password file, line break dropped");
        assertTrue(!ok.get("node-1").toString().contains("s3cret"));
    }
}
