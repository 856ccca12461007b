package fabric.sdn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
import fabric.sdn.internal.underlay.UdpUnderlay;
import fabric.sdn.internal.underlay.Underlay;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network component's choice of provider network: UDP or the in-process switch with its lossless priorities. */
class UnderlayChoiceTest {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void simulatedTakesTheLosslessPrioritiesAndUdpIsTheOther() {
        try (Underlay u = NetworkComponent.underlay("simulated", LOOPBACK, "3, 4")) {
            assertEquals(List.of(3, 4), assertInstanceOf(SimulatedUnderlay.class, u).lossless());
        }
        try (Underlay u = NetworkComponent.underlay("SIMULATED", LOOPBACK, "")) {
            assertEquals(List.of(), ((SimulatedUnderlay) u).lossless(), "no lossless priority: every one drops");
        }
        try (Underlay u = NetworkComponent.underlay("udp", LOOPBACK, "3")) {
            assertInstanceOf(UdpUnderlay.class, u);
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        FabricException kind = assertThrows(FabricException.class,
                () -> NetworkComponent.underlay("carrier-pigeon", LOOPBACK, "3"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, kind.code());
        assertTrue(kind.getMessage().contains("underlay") && kind.getMessage().contains("carrier-pigeon"));
        for (String bad : List.of("8", "-1", "three", "3,,x")) {
            FabricException e = assertThrows(FabricException.class,
                    () -> NetworkComponent.underlay("simulated", LOOPBACK, bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("losslessPriorities"), e.getMessage());
        }
    }
}
