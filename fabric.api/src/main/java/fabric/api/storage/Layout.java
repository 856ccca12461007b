package fabric.api.storage;

/**
 * How a slab of a volume is laid out across fault domains: data columns and redundancy columns,
 * each column on a different node. A mirror has one data column and {@code copies - 1} redundancy
 * columns; a parity layout {@code k+m} has {@code k} data columns and {@code m} Reed-Solomon parity
 * columns.
 *
 * @param dataColumns columns holding data; 1 to 16
 * @param redundancyColumns columns holding copies or parity; 1 to 4
 */
public record Layout(int dataColumns, int redundancyColumns) {

    /** Validates the column counts. */
    public Layout {
        if (dataColumns < 1 || dataColumns > 16) {
            throw new IllegalArgumentException("layout: data columns must be 1 to 16, not " + dataColumns);
        }
        if (redundancyColumns < 1 || redundancyColumns > 4) {
            throw new IllegalArgumentException("layout: redundancy columns must be 1 to 4, not " + redundancyColumns);
        }
    }

    /** @return every column of a slab: data and redundancy, each on its own fault domain */
    public int columns() {
        return dataColumns + redundancyColumns;
    }

    /** @return the share of raw capacity that holds data, such as 0.5 for a two-way mirror */
    public double efficiency() {
        return (double) dataColumns / columns();
    }

    /**
     * @param logicalBytes bytes of a volume
     * @return the raw pool capacity they occupy
     */
    public long footprint(long logicalBytes) {
        return Math.multiplyExact(logicalBytes / dataColumns, columns())
                + (logicalBytes % dataColumns == 0 ? 0 : columns());
    }

    /** @return the layout as {@code k+m}, such as {@code 4+2}; a mirror reads {@code 1+1} or {@code 1+2} */
    @Override
    public String toString() {
        return dataColumns + "+" + redundancyColumns;
    }
}
