package fabric.cluster.internal.parser;

/** Paths of fields in a topology file, such as {@code stamps[0].scaleUnits[0].nodes[2].disks[1].role}. */
final class FieldPath {

    /** The path of the whole document. */
    static final String ROOT = "(root)";

    private FieldPath() {
    }

    static String of(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    static String at(String array, int index) {
        return array + "[" + index + "]";
    }

    /**
     * @param pointer a JSON pointer such as {@code /stamps/0/name}
     * @return the same place as a field path, such as {@code stamps[0].name}; {@link #ROOT} for the document
     */
    static String fromPointer(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String step : pointer.split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            if (step.chars().allMatch(Character::isDigit)) {
                path.append('[').append(step).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(step.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.length() == 0 ? ROOT : path.toString();
    }
}
