package fabric.journal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the fabric's journal (pid {@code fabric.journal}). */
@ObjectClassDefinition(name = "Fabric journal", description = "The durable event journal: a Chronicle Queue"
        + " in a directory.")
public @interface JournalConfig {

    /** The configuration pid. */
    String PID = "fabric.journal";

    /** The framework property naming the fabric's data directory. */
    String DATA_PROPERTY = "fabric.data";

    /** The data directory when the framework property {@value #DATA_PROPERTY} is not set. */
    String DEFAULT_DATA = "fabric-data";

    /** @return the queue's directory; empty for {@code journal} in the fabric's data directory */
    @AttributeDefinition(name = "Directory", description = "The directory of the journal's queue files. Empty:"
            + " 'journal' in the directory named by the framework property fabric.data (default fabric-data).")
    String directory() default "";

    /** @return Chronicle's roll cycle, how often a new queue file starts */
    @AttributeDefinition(name = "Roll cycle", description = "How often a new queue file starts: a Chronicle"
            + " RollCycles name such as FAST_DAILY, DAILY, FAST_HOURLY or HOURLY. An existing journal keeps the"
            + " roll cycle it was created with.")
    String rollCycle() default "FAST_DAILY";

    /** @return how far each event is pushed to the disk before the append returns */
    @AttributeDefinition(name = "Sync mode", description = "NONE: an event survives the death of the process."
            + " SYNC: msync after each event, so it also survives the loss of power (slower). ASYNC: msync"
            + " without waiting.")
    SyncMode syncMode() default SyncMode.NONE;
}
