package fabric.api.storage;

import java.util.Objects;

/**
 * What a scrub of a volume found and did.
 *
 * @param volume the volume scrubbed
 * @param blocksChecked 4 KiB blocks of columns whose checksum was verified
 * @param corruptBlocks blocks whose checksum did not match
 * @param repairedBlocks corrupt blocks rewritten from redundancy
 * @param unrepairableBlocks corrupt blocks no redundancy could restore
 * @param parityFixed parity blocks found inconsistent with verified data and rewritten
 */
public record ScrubReport(String volume, long blocksChecked, long corruptBlocks, long repairedBlocks,
        long unrepairableBlocks, long parityFixed) {

    /** Validates the counts. */
    public ScrubReport {
        Objects.requireNonNull(volume, "volume");
        if (blocksChecked < 0 || corruptBlocks < 0 || repairedBlocks < 0 || unrepairableBlocks < 0 || parityFixed < 0) {
            throw new IllegalArgumentException("scrub report of " + volume + ": counts must not be negative");
        }
    }
}
