package fabric.api.core;

/**
 * The name of a scale unit, unique in its region: a cluster of 4 to 16 nodes that share storage,
 * quorum and a network controller.
 *
 * @param value the name, following {@link Names}
 */
public record ScaleUnitId(String value) implements Comparable<ScaleUnitId> {

    /** Checks the name. */
    public ScaleUnitId {
        Names.require("scaleUnit", value);
    }

    /**
     * @param value the name
     * @return the identifier
     */
    public static ScaleUnitId of(String value) {
        return new ScaleUnitId(value);
    }

    @Override
    public int compareTo(ScaleUnitId other) {
        return value.compareTo(other.value);
    }

    /** @return the name itself */
    @Override
    public String toString() {
        return value;
    }
}
