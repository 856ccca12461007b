package fabric.journal;

import static fabric.journal.TestEvents.NODE_CHANGED;
import static fabric.journal.TestEvents.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The component built by hand, as SCR builds it: configuration and bundle context in, journal out. */
class JournalComponentTest {

    @TempDir
    Path dir;

    @Test
    void theConfiguredDirectoryWinsElseJournalInTheDataDirectory() {
        assertEquals(Path.of("/var/lib/journal"), JournalComponent.directory(" /var/lib/journal ", "/data"));
        assertEquals(Path.of("/data", "journal"), JournalComponent.directory("", "/data"));
        assertEquals(Path.of("fabric-data", "journal"), JournalComponent.directory(null, null));
        assertEquals(Path.of("fabric-data", "journal"), JournalComponent.directory(" ", " "));
    }

    @Test
    void activationOpensTheJournalInTheDataDirectoryAndDeactivationClosesIt() {
        JournalComponent component = new JournalComponent(config("", "FAST_HOURLY", SyncMode.SYNC),
                context(Map.of("fabric.data", dir.toString())));
        long index = component.append(NODE_CHANGED, node(1));
        assertEquals(index, component.lastIndex());
        assertEquals(node(1), component.latest(1).get(0).as(NODE_CHANGED).orElseThrow());
        JournalInfo info = component.info();
        assertEquals(dir.resolve("journal").toAbsolutePath(), info.directory());
        assertEquals("FAST_HOURLY", info.rollCycle());
        assertEquals(SyncMode.SYNC, info.syncMode());
        assertTrue(Files.isDirectory(dir.resolve("journal")));

        component.deactivate();

        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(FabricException.class, component::lastIndex).code());
    }

    @Test
    void anUnknownRollCycleFailsTheActivation() {
        FabricException e = assertThrows(FabricException.class, () -> new JournalComponent(
                config(dir.toString(), "FORTNIGHTLY", SyncMode.NONE), context(Map.of())));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("rollCycle: no roll cycle named 'FORTNIGHTLY'; choose one of "),
                e.getMessage());
    }

    private static JournalConfig config(String directory, String rollCycle, SyncMode syncMode) {
        return new JournalConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JournalConfig.class;
            }

            @Override
            public String directory() {
                return directory;
            }

            @Override
            public String rollCycle() {
                return rollCycle;
            }

            @Override
            public SyncMode syncMode() {
                return syncMode;
            }
        };
    }

    private static BundleContext context(Map<String, String> frameworkProperties) {
        return (BundleContext) Proxy.newProxyInstance(JournalComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return frameworkProperties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
