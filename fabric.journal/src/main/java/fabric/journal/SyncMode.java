package fabric.journal;

/**
 * How far an appended event is pushed towards the disk before {@code append} returns.
 *
 * <p>Chronicle Queue writes events into memory-mapped files, so with any mode an event survives the
 * death of the process ({@code kill -9}) once {@code append} returns: the operating system owns
 * the written pages. What differs is the loss of power or of the operating system.
 */
public enum SyncMode {
    /**
     * No {@code msync}: the operating system writes the pages back when it sees fit (on Linux
     * within about 30 seconds). The fastest; events of the last seconds may be lost with the power.
     */
    NONE(net.openhft.chronicle.bytes.SyncMode.NONE),
    /**
     * {@code msync(MS_ASYNC)} after each event: asks for the write-back without waiting for it.
     * On Linux this adds little over {@link #NONE}, as the kernel already tracks dirty pages.
     */
    ASYNC(net.openhft.chronicle.bytes.SyncMode.ASYNC),
    /**
     * {@code msync(MS_SYNC)} after each event: {@code append} returns once the event's pages are on
     * the device, so it survives the loss of power (as far as the device keeps its promises).
     * Costs a disk flush per event.
     */
    SYNC(net.openhft.chronicle.bytes.SyncMode.SYNC);

    private final net.openhft.chronicle.bytes.SyncMode chronicle;

    SyncMode(net.openhft.chronicle.bytes.SyncMode chronicle) {
        this.chronicle = chronicle;
    }

    /** @return Chronicle's own mode, for its mapped files */
    net.openhft.chronicle.bytes.SyncMode chronicle() {
        return chronicle;
    }
}
