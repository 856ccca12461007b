package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.lifecycle.HookRegistration;
import fabric.api.lifecycle.RunEvent;
import fabric.api.lifecycle.RunSettings;
import fabric.api.lifecycle.RunStatus;
import fabric.api.lifecycle.UpdateHook;
import fabric.api.lifecycle.UpdateRunService;
import fabric.api.storage.StorageService;
import fabric.api.topology.Membership;
import fabric.api.topology.Topology;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link UpdateRunService}: a {@link RunEngine} rebuilt from the journal at activation and driven
 * by one scheduler thread, which ticks the engine while it moves and polls every
 * {@value #POLL_MILLIS} ms while it waits (a provider, a resync). A run found unfinished at start-up
 * goes on by itself. {@link UpdateHook} services are tracked as a whiteboard; each hook call runs on
 * its own thread ({@code fabric-update-hook-<name>}), looked at by the run thread at every poll.
 */
@Component(service = UpdateRunService.class)
public final class UpdateRunComponent implements UpdateRunService {

    /** How often a waiting or idle run is looked at again, in milliseconds. */
    static final long POLL_MILLIS = 50;

    private final RunEngine engine;
    private final HookRegistry hooks = new HookRegistry();
    private final ScheduledExecutorService driver;
    private String lastProblem;

    /**
     * @param topology the topology
     * @param membership to bring a node back from maintenance
     * @param journal where the run's transitions go
     * @param compute to drain nodes
     * @param storage volume health and resync
     * @param lifecycle the OEM providers, the BMCs and the compliance engine (this bundle's own
     *        lifecycle component, through its internal service)
     */
    @Activate
    public UpdateRunComponent(@Reference(name = "topology") Topology topology,
            @Reference(name = "membership") Membership membership, @Reference(name = "journal") Journal journal,
            @Reference(name = "compute") ComputeService compute, @Reference(name = "storage") StorageService storage,
            @Reference(name = "lifecycle") LifecycleInternals lifecycle) {
        this.engine = new RunEngine(journal, topology, membership, compute, storage, lifecycle.registry(),
                lifecycle.baseboards(), lifecycle.engine(), Clock.systemUTC(), hooks, HookCalls.THREADS);
        this.driver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fabric-update-run");
            t.setDaemon(true);
            return t;
        });
        driver.scheduleWithFixedDelay(this::drive, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The hook whiteboard: every {@link UpdateHook} service, named by its {@value UpdateHook#NAME} property.
     *
     * @param hook a hook
     * @param ref its registration
     */
    @Reference(name = "hook", service = UpdateHook.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeHook")
    void addHook(UpdateHook hook, ServiceReference<UpdateHook> ref) {
        Bundle b = ref.getBundle();
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        hooks.add(ref.getProperty(UpdateHook.NAME), hook, b == null ? "" : b.getSymbolicName() + " " + b.getVersion(),
                (Long) ref.getProperty(Constants.SERVICE_ID), ranking instanceof Integer i ? i : 0);
    }

    void removeHook(UpdateHook hook) {
        hooks.remove(hook);
    }

    private void drive() {
        try {
            while (engine.tick()) {
                // Move as long as the run moves.
            }
            lastProblem = null;
        } catch (RuntimeException e) {
            // The engine journals step failures itself; anything else (the journal closing) is tried
            // again at the next poll, and logged once while it lasts.
            if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                lastProblem = String.valueOf(e.getMessage());
                System.getLogger(UpdateRunComponent.class.getName()).log(System.Logger.Level.WARNING,
                        "update run: " + e.getMessage(), e);
            }
        }
    }

    /** Stops the driver; the run stays where it stands and resumes at the next activation. */
    @Deactivate
    void deactivate() {
        driver.shutdownNow();
        try {
            driver.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public RunStatus start(ScaleUnitId scaleUnit, String baseline, RunSettings settings) {
        return engine.start(scaleUnit, baseline, settings);
    }

    @Override
    public Optional<RunStatus> status() {
        return engine.status();
    }

    @Override
    public RunStatus pause() {
        return engine.pause();
    }

    @Override
    public RunStatus resume() {
        return engine.resume();
    }

    @Override
    public RunStatus cancel() {
        return engine.cancel();
    }

    @Override
    public List<RunEvent> history(int count) {
        return engine.history(count);
    }

    @Override
    public List<HookRegistration> hooks() {
        return hooks.list();
    }
}
