package fabric.cluster.internal.parser;

import fabric.api.core.Violation;
import java.util.ArrayList;
import java.util.List;

/** The broken rules found so far in one topology file, in the order found. */
final class Violations {

    private final List<Violation> found = new ArrayList<>();

    void add(String field, String reason) {
        found.add(new Violation(field, reason));
    }

    /** @return a mark to pass to {@link #addedSince(int)} */
    int mark() {
        return found.size();
    }

    /**
     * @param mark a mark taken before reading a part of the file
     * @return whether that part broke a rule
     */
    boolean addedSince(int mark) {
        return found.size() > mark;
    }

    List<Violation> list() {
        return List.copyOf(found);
    }
}
