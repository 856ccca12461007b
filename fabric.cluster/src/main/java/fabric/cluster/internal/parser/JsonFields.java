package fabric.cluster.internal.parser;

import com.fasterxml.jackson.databind.JsonNode;
import fabric.api.core.ByteSize;
import fabric.api.core.Names;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads typed fields out of JSON objects. Every accessor reports what is wrong with the field as a
 * violation and returns {@code null}, so the reader goes on and finds every problem of the file.
 */
final class JsonFields {

    private final Violations violations;

    JsonFields(Violations violations) {
        this.violations = violations;
    }

    /** Reports a value that should be an object; returns whether it is one. */
    boolean isObject(JsonNode value, String path) {
        if (!value.isObject()) {
            wrongType(path, "an object", value);
            return false;
        }
        return true;
    }

    /** Reports every field of {@code object} that is not one of {@code known}: typo protection. */
    void onlyKnown(JsonNode object, String path, List<String> known) {
        object.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                String near = closest(field, known);
                violations.add(FieldPath.of(path, field), "unknown field"
                        + (near == null ? "" : "; did you mean '" + near + "'?")
                        + " (expected: " + String.join(", ", known) + ")");
            }
        });
    }

    /** @return a required string that is not blank, or {@code null} after reporting */
    String text(JsonNode object, String path, String field) {
        String p = FieldPath.of(path, field);
        JsonNode value = required(object, p, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            wrongType(p, "a string", value);
            return null;
        }
        if (value.textValue().isBlank()) {
            violations.add(p, "must not be blank");
            return null;
        }
        return value.textValue();
    }

    /** @return a required name following {@link Names}, or {@code null} after reporting */
    String name(JsonNode object, String path, String field) {
        String p = FieldPath.of(path, field);
        JsonNode value = required(object, p, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            wrongType(p, "a string", value);
            return null;
        }
        if (!Names.isValid(value.textValue())) {
            violations.add(p, Names.describe(value.textValue()));
            return null;
        }
        return value.textValue();
    }

    /** @return a required positive whole number, or {@code null} after reporting */
    Integer positiveInt(JsonNode object, String path, String field) {
        String p = FieldPath.of(path, field);
        JsonNode value = required(object, p, field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            if (value.isNumber()) {
                violations.add(p, "must be a whole number, not " + value.asText());
            } else {
                wrongType(p, "a whole number", value);
            }
            return null;
        }
        if (!value.canConvertToInt()) {
            violations.add(p, value.asText() + " is too large");
            return null;
        }
        if (value.intValue() <= 0) {
            violations.add(p, "must be positive, not " + value.intValue());
            return null;
        }
        return value.intValue();
    }

    /** @return a required positive size in bytes, written such as {@code "1.6TB"}, or {@code null} after reporting */
    Long size(JsonNode object, String path, String field) {
        String p = FieldPath.of(path, field);
        JsonNode value = required(object, p, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            wrongType(p, "a size in a string, such as \"384GiB\" or \"1.6TB\"", value);
            return null;
        }
        try {
            long bytes = ByteSize.parse(value.textValue()).bytes();
            if (bytes <= 0) {
                violations.add(p, "must be positive, not '" + value.textValue() + "'");
                return null;
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            violations.add(p, e.getMessage());
            return null;
        }
    }

    /**
     * @param <E> the enum type
     * @param type the enum whose constants are written in lower case, {@code _} as {@code -}
     * @return a required value of the enum, or {@code null} after reporting
     */
    <E extends Enum<E>> E choice(JsonNode object, String path, String field, Class<E> type) {
        String text = text(object, path, field);
        if (text == null) {
            return null;
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String spelling = JsonTopologyParser.spelling(constant);
            if (spelling.equals(text)) {
                return constant;
            }
            allowed.add(spelling);
        }
        violations.add(FieldPath.of(path, field), oneOf(field, text, allowed));
        return null;
    }

    /** @return the elements of a required array, or {@code null} after reporting */
    List<JsonNode> array(JsonNode object, String path, String field) {
        String p = FieldPath.of(path, field);
        JsonNode value = required(object, p, field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            wrongType(p, "an array", value);
            return null;
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    /**
     * @param field what the value is, such as {@code vendor}
     * @param text the value given
     * @param allowed the values allowed
     * @return the reason a value that is none of {@code allowed} is refused
     */
    static String oneOf(String field, String text, Collection<String> allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(text)) {
                return "'" + text + "' must be written in lower case: '" + a + "'";
            }
        }
        return "unknown " + field + " '" + text + "' (allowed: " + (allowed.isEmpty() ? "none are configured"
                : String.join(", ", allowed)) + ")";
    }

    private JsonNode required(JsonNode object, String path, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            violations.add(path, "is required");
            return null;
        }
        return value;
    }

    private void wrongType(String path, String expected, JsonNode value) {
        String found = switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
        violations.add(path, "must be " + expected + ", not " + found);
    }

    /** @return the known field nearest to a misspelt one (at most two edits away), or {@code null} */
    private static String closest(String field, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(field.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
