package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.lifecycle.HookContext;
import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.api.lifecycle.UpdateHook;
import fabric.api.lifecycle.UpdateRunService;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;

/**
 * Cluster-Aware-Updating hooks in the real framework: an embedding application registers
 * {@link UpdateHook} services (the whiteboard), {@code update:hooks} lists them, {@code update:run
 * --pre-hooks --post-hooks} calls them around each node on their own threads, and a run naming a
 * hook nobody registered waits for it.
 */
class UpdateHookTest {

    @TempDir
    Path data;

    /** Records each call: before/after, node, thread. */
    static final class Recording implements UpdateHook {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void beforeUpdate(HookContext c) {
            calls.add("before " + c.node() + " " + c.runId() + " " + Thread.currentThread().getName());
        }

        @Override
        public void afterUpdate(HookContext c) {
            calls.add("after " + c.node() + " " + c.runId() + " " + Thread.currentThread().getName());
        }
    }

    static RunStatus await(UpdateRunService runs, Predicate<RunStatus> until) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        RunStatus s = runs.status().orElseThrow();
        while (!until.test(s)) {
            assertTrue(System.nanoTime() < deadline, "the run did not get there in time: " + s);
            Thread.yield(); // Waits for the run thread, bounded by the deadline above.
            s = runs.status().orElseThrow();
        }
        return s;
    }

    @Test
    void registeredHooksAreCalledAroundEachNodeAndAMissingOneIsWaitedFor() throws Exception {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            assertEquals("no update hook is registered", fabric.shell().execute("update:hooks").strip());
            Recording lb = new Recording();
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(UpdateHook.NAME, "lb");
            ServiceRegistration<UpdateHook> reg = fabric.context().registerService(UpdateHook.class, lb, props);
            String listed = fabric.shell().execute("update:hooks");
            assertTrue(listed.startsWith("HOOK") && listed.matches("(?s).*\\blb +org\\.apache\\.felix\\.framework .*"), listed);

            UpdateRunService runs = fabric.service(UpdateRunService.class);
            // Bad input starts nothing.
            FabricException badName = assertThrows(FabricException.class, () -> fabric.shell().execute(
                    "update:run --pre-hooks Not_A_Name"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, badName.code());
            FabricException badTimeout = assertThrows(FabricException.class, () -> fabric.shell().execute(
                    "update:run --pre-hooks lb --hook-timeout soon"));
            assertEquals("--hook-timeout: 'soon' is not a duration such as PT10M", badTimeout.getMessage());
            assertTrue(runs.status().isEmpty(), "no run was started");
            String started = fabric.shell().execute("update:run --pre-hooks lb --post-hooks lb,audit --hook-timeout PT1M");
            assertTrue(started.contains("RUNNING"), started);
            RunStatus waiting = await(runs, s -> s.state() == RunState.WAITING || s.state().finished());
            assertEquals("waiting for hook audit", waiting.detail(), waiting.toString());
            assertEquals(List.of("before node-1 run-1 fabric-update-hook-lb", "after node-1 run-1 fabric-update-hook-lb"),
                    lb.calls);

            Recording audit = new Recording();
            props.put(UpdateHook.NAME, "audit");
            fabric.context().registerService(UpdateHook.class, audit, props);
            RunStatus done = await(runs, s -> s.state().finished());
            assertEquals(RunState.SUCCEEDED, done.state(), done.toString());
            assertEquals(8, lb.calls.size(), lb.calls.toString());
            assertEquals(List.of("after node-1 run-1 fabric-update-hook-audit", "after node-2 run-1 fabric-update-hook-audit",
                    "after node-3 run-1 fabric-update-hook-audit", "after node-4 run-1 fabric-update-hook-audit"),
                    audit.calls);
            String history = fabric.shell().execute("update:history 500");
            assertTrue(history.contains("hook lb returned (attempt 1)"), history);
            reg.unregister();
            String after = fabric.shell().execute("update:hooks");
            assertTrue(after.contains("audit") && !after.matches("(?s).*\\blb .*"), after);
        }
    }
}
