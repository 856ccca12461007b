package fabric.lifecycle.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.lifecycle.HookContext;
import fabric.api.lifecycle.PlanPhase;
import fabric.api.lifecycle.UpdateHook;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The hook calls of update runs: each call runs on its own thread ({@code fabric-update-hook-<name>})
 * while the run's thread looks at it once per tick, so a hook that hangs cannot hold the run, and
 * its timeout is measured on the run's clock from the step's journaled start (tests move that clock;
 * nothing sleeps). A call is identified by its step and attempt: looking again finds the call in
 * flight, a new attempt (a retry, or the first look after a restart) makes a new call.
 */
final class HookCalls {

    /** Starts a call: on a new thread in the fabric, inline in tests. */
    interface Launcher {
        /**
         * @param name the hook's name (for the thread's name)
         * @param call the call
         */
        void launch(String name, FutureTask<Void> call);
    }

    /** The fabric's launcher: one daemon thread per call, named after the hook. */
    static final Launcher THREADS = (name, call) -> {
        Thread t = new Thread(call, "fabric-update-hook-" + name);
        t.setDaemon(true);
        t.start();
    };

    private final Launcher launcher;
    private final Map<String, FutureTask<Void>> inFlight = new ConcurrentHashMap<>();

    HookCalls(Launcher launcher) {
        this.launcher = launcher;
    }

    /**
     * Calls the hook for this attempt, or looks at the call already made.
     *
     * @param hook the hook
     * @param context what it is called with
     * @param startedAt when the attempt was journaled as started, or {@code null}
     * @param now the run's clock now
     * @param timeout how long the call may take
     * @return true when the call returned normally; false while it runs within its time
     * @throws FabricException when the call threw ({@code FAILED_PRECONDITION}) or timed out
     *         ({@code UNAVAILABLE}; its thread is interrupted)
     */
    boolean call(UpdateHook hook, HookContext context, Instant startedAt, Instant now, Duration timeout) {
        String key = context.key() + "#" + context.attempt();
        FutureTask<Void> call = inFlight.get(key);
        if (call == null) {
            call = new FutureTask<>(() -> {
                if (context.phase() == PlanPhase.PRE_HOOK) {
                    hook.beforeUpdate(context);
                } else {
                    hook.afterUpdate(context);
                }
                return null;
            });
            inFlight.put(key, call);
            launcher.launch(context.hook(), call);
        }
        if (!call.isDone()) {
            if (startedAt != null && Duration.between(startedAt, now).compareTo(timeout) > 0) {
                call.cancel(true);
                inFlight.remove(key);
                throw new FabricException(ErrorCode.UNAVAILABLE, "hook " + context.hook() + " did not return within "
                        + timeout);
            }
            return false;
        }
        inFlight.remove(key);
        try {
            call.get();
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "hook " + context.hook() + " failed: " + why);
        } catch (CancellationException e) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "hook " + context.hook() + " was cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException(ErrorCode.UNAVAILABLE, "interrupted while reading hook " + context.hook());
        }
    }

    /** @return how many calls are in flight */
    int inFlight() {
        return inFlight.size();
    }
}
