package fabric.lifecycle.internal.bmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.oem.HardwareProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import oem.kit.RedfishBmc;
import oem.kit.tool.VendorFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which BMC drives a node: the Redfish one the BMC file names, else the simulated one. */
class BaseboardsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    static final HardwareProfile AX760 = VendorFixture.load(BaseboardsTest.class.getClassLoader()).profile("AX-760");

    @TempDir
    Path tmp;

    @Test
    void aNodeTheBmcFileNamesIsDrivenOverRedfishTheOthersBySimulation() throws Exception {
        Path file = tmp.resolve("bmc.json");
        Files.writeString(file, "{\"nodes\":{\"node-2\":{\"address\":\"https://10.0.0.12\",\"user\":\"fabric\","
                + "\"password\":\"pw\"}}}");
        Baseboards b = new Baseboards(CLOCK, null, file);
        RedfishBmc node2 = assertInstanceOf(RedfishBmc.class, b.controller(NodeId.of("node-2"), AX760));
        assertEquals("https://10.0.0.12", node2.endpoint().address().toString());
        assertInstanceOf(SimulatedBmc.class, b.controller(NodeId.of("node-1"), AX760));
        assertEquals(node2, b.existing(NodeId.of("node-2")).orElseThrow());
        assertInstanceOf(SimulatedBmc.class, new Baseboards(CLOCK).controller(NodeId.of("node-2"), AX760),
                "without a BMC file every node is simulated");
    }

    @Test
    void aBrokenBmcFileIsRefusedWithTheNodeNamed() throws Exception {
        Path file = tmp.resolve("bmc.json");
        Files.writeString(file, "{\"nodes\":{\"node-2\":{\"address\":\"https://10.0.0.12\"}}}");
        FabricException e = assertThrows(FabricException.class, () -> new Baseboards(CLOCK, null, file));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(true, e.getMessage().contains("node node-2"), e.getMessage());
    }
}
