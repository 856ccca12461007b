package fabric.journal;

/** A document in the queue that is not an event this journal can read; the journal skips it. */
final class UnreadableEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long index;

    /**
     * @param index the document's index
     * @param reason why it cannot be read
     */
    UnreadableEventException(long index, String reason) {
        super("journal document " + index + " cannot be read and is skipped: " + reason
                + "; it may have been written by a newer version of the fabric");
        this.index = index;
    }

    /** @return the document's index */
    long index() {
        return index;
    }
}
