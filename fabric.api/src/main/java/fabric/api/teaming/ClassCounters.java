package fabric.api.teaming;

/**
 * One traffic class's counters on one uplink.
 *
 * @param trafficClass the class's name
 * @param txFrames frames transmitted
 * @param txBytes bytes transmitted
 * @param drops frames dropped because the class's queue was full (never for a lossless class)
 * @param pauses times a sender of a lossless class was paused (PFC) because its queue was full
 * @param queued frames waiting now
 */
public record ClassCounters(String trafficClass, long txFrames, long txBytes, long drops, long pauses, int queued) {
}
