package fabric.api.core;

/**
 * The name of a node, unique in its region. A node is one server and one fault domain.
 *
 * @param value the name, following {@link Names}
 */
public record NodeId(String value) implements Comparable<NodeId> {

    /** Checks the name. */
    public NodeId {
        Names.require("node", value);
    }

    /**
     * @param value the name
     * @return the identifier
     */
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    /** @return the name itself */
    @Override
    public String toString() {
        return value;
    }
}
