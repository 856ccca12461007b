package fabric.api.network;

/**
 * A vPort's traffic so far.
 *
 * @param rxFrames frames delivered to the port's sink
 * @param rxBytes their bytes
 * @param txFrames frames the port sent into the fabric
 * @param txBytes their bytes
 * @param drops frames to or from the port that the fabric dropped (malformed, no route, firewall)
 */
public record PortCounters(long rxFrames, long rxBytes, long txFrames, long txBytes, long drops) {
}
