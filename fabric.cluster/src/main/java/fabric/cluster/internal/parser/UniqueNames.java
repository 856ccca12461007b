package fabric.cluster.internal.parser;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reports a name (or address) that a part of the topology declares a second time. */
final class UniqueNames {

    private final String kind;
    private final String rule;
    private final boolean ignoreCase;
    private final Violations violations;
    private final Map<String, String> owners = new HashMap<>();

    /**
     * @param kind what is named, such as {@code node name} or {@code BMC address}
     * @param rule the rule in words, such as {@code node names are unique in the region}
     * @param ignoreCase whether names differing in case only are the same (host names)
     * @param violations where to report
     */
    UniqueNames(String kind, String rule, boolean ignoreCase, Violations violations) {
        this.kind = kind;
        this.rule = rule;
        this.ignoreCase = ignoreCase;
        this.violations = violations;
    }

    /**
     * Claims a name for an owner; reports it when another owner claimed it first.
     *
     * @param name the name
     * @param field the field declaring it, for the report
     * @param owner who declares it, as later reports name it
     */
    void claim(String name, String field, String owner) {
        String key = ignoreCase ? name.toLowerCase(Locale.ROOT) : name;
        String first = owners.putIfAbsent(key, owner);
        if (first != null) {
            violations.add(field, kind + " '" + name + "' is already used by " + first + "; " + rule);
        }
    }
}
