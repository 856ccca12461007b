package fabric.api.storage;

import org.osgi.annotation.versioning.ConsumerType;

/** Told how far a long storage operation (scrub, repair) has come. */
@ConsumerType
@FunctionalInterface
public interface Progress {

    /** A listener that ignores every report. */
    Progress NONE = (done, total) -> { };

    /**
     * @param done units done so far
     * @param total units in all
     */
    void advanced(long done, long total);
}
