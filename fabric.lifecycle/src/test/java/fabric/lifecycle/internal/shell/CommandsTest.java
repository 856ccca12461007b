package fabric.lifecycle.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.lifecycle.LifecycleService;
import fabric.api.lifecycle.VendorProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandsTest {

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("45 s", UpdateCommands.human(Duration.ofSeconds(45)));
        assertEquals("10 min", UpdateCommands.human(Duration.ofSeconds(600)));
        assertEquals("38 min 20 s", UpdateCommands.human(Duration.ofSeconds(2300)));
    }

    @Test
    void profilesOfAnUnknownVendorIsOneLine() {
        LifecycleService none = (LifecycleService) java.lang.reflect.Proxy.newProxyInstance(getClass()
                .getClassLoader(), new Class<?>[] {LifecycleService.class}, (p, m, a) -> switch (m.getName()) {
                    case "profiles" -> List.of();
                    case "vendors" -> List.<VendorProvider>of();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        OemCommands oem = new OemCommands(none);
        FabricException e = assertThrows(FabricException.class, () -> oem.profiles("acme"));
        assertEquals("no profiles for vendor 'acme' (active vendors: [])", e.getMessage());
        assertTrue(oem.vendors().startsWith("no OEM provider is active"));
    }
}
