package fabric.api.core;

import java.util.regex.Pattern;

/**
 * The one rule for resource names across the fabric: 1-63 characters, lower-case letters, digits
 * and hyphens, starting with a letter and not ending with a hyphen (a DNS label), so a name is safe
 * in file names, shell commands, URLs and host names.
 */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private Names() {
    }

    /**
     * @param name a candidate name, may be {@code null}
     * @return whether it follows the naming rule
     */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Checks a name.
     *
     * @param field the field holding the name, for the error
     * @param name the candidate name
     * @return the name
     * @throws FabricException {@link ErrorCode#INVALID_ARGUMENT} naming the field when the name breaks the rule
     */
    public static String require(String field, String name) {
        if (!isValid(name)) {
            throw FabricException.invalid(field, describe(name));
        }
        return name;
    }

    /**
     * @param name a name that broke the rule
     * @return the reason, in words
     */
    public static String describe(String name) {
        if (name == null || name.isEmpty()) {
            return "a name is required";
        }
        return "'" + name + "' is not a valid name (1-63 of a-z, 0-9 and '-', starting with a letter,"
                + " not ending with '-')";
    }
}
