package fabric.api.lifecycle;

import fabric.api.core.FabricException;
import fabric.api.core.ScaleUnitId;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Rolling firmware update runs: one node of a scale unit at a time (pre-check, drain, the vendor's
 * steps on the node's BMC, post-check, leave maintenance, wait for the storage resync), durable
 * across crashes: every transition is journaled and the run resumes where it stood after a restart,
 * repeating no step and skipping none. One run at a time in the fabric. Thread-safe.
 */
@ProviderType
public interface UpdateRunService {

    /**
     * Starts a run.
     *
     * @param scaleUnit the scale unit
     * @param baseline the target baseline, or {@code null} for each model's newest
     * @param settings the run's settings
     * @return the run as it starts
     * @throws FabricException {@code NOT_FOUND} for an unknown scale unit or node in the order;
     *         {@code INVALID_ARGUMENT} for an order that is not the scale unit's nodes;
     *         {@code FAILED_PRECONDITION} when another run is not finished
     */
    RunStatus start(ScaleUnitId scaleUnit, String baseline, RunSettings settings);

    /** @return the current or last run, if any */
    Optional<RunStatus> status();

    /**
     * Pauses the run at the next step boundary.
     *
     * @return the run
     * @throws FabricException {@code FAILED_PRECONDITION} when no run is running or waiting
     */
    RunStatus pause();

    /**
     * Resumes a paused run.
     *
     * @return the run
     * @throws FabricException {@code FAILED_PRECONDITION} when no run is paused
     */
    RunStatus resume();

    /**
     * Cancels the run at the next step boundary; a node out of service stays in maintenance and the
     * run's detail names it.
     *
     * @return the run
     * @throws FabricException {@code FAILED_PRECONDITION} when no run is unfinished
     */
    RunStatus cancel();

    /**
     * @param count how many; positive
     * @return the last {@code count} transitions of every run, oldest first
     */
    List<RunEvent> history(int count);

    /**
     * @return every {@link UpdateHook} registered now, by name
     * @since 1.2.0
     */
    List<HookRegistration> hooks();
}
