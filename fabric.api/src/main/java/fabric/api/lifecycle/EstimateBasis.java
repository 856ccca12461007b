package fabric.api.lifecycle;

/**
 * Where the predicted duration of a planned step comes from.
 *
 * @since 1.2.0
 */
public enum EstimateBasis {
    /** Measured: durations (or live-migration rates) this fabric recorded in its journal in earlier runs. */
    MEASURED,
    /** Estimated by the OEM vendor's sequencer for this step. */
    VENDOR,
    /** Estimated from the fabric's settings (configuration {@code fabric.lifecycle}), nothing measured yet. */
    SETTING,
    /** Estimated from nothing: free (a check that reads state) or not estimated at all. */
    NONE
}
