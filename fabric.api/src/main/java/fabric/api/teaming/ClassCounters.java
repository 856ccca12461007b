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
 * @param peerPauses pauses of the class the NIC's link partner asserted (PFC received: each XOFF
 *        that found it running), since 1.3.0
 * @param peerPaused whether the link partner pauses the class now, since 1.3.0
 */
public record ClassCounters(String trafficClass, long txFrames, long txBytes, long drops, long pauses, int queued,
        long peerPauses, boolean peerPaused) {

    /**
     * Counters without the link partner's pauses (none received, not paused), as before 1.3.0.
     *
     * @param trafficClass the class's name
     * @param txFrames frames transmitted
     * @param txBytes bytes transmitted
     * @param drops frames dropped
     * @param pauses times a sender was paused
     * @param queued frames waiting now
     */
    public ClassCounters(String trafficClass, long txFrames, long txBytes, long drops, long pauses, int queued) {
        this(trafficClass, txFrames, txBytes, drops, pauses, queued, 0, false);
    }
}
