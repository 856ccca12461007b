package fabric.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The module flags the fabric's data planes need on Java 17 (Chronicle Queue and Agrona reach into
 * {@code java.base}), and a check that the running JVM has them, so a missing flag is one clear
 * message at start instead of an {@link IllegalAccessError} deep inside the journal.
 */
public final class JvmFlags {

    private static final String[] EXPORTS = {"sun.nio.ch", "jdk.internal.ref", "jdk.internal.misc",
        "jdk.internal.util"};
    private static final String[] OPENS = {"java.lang.reflect", "java.lang", "java.nio", "sun.nio.ch",
        "jdk.internal.misc"};

    private JvmFlags() {
    }

    /** @return every flag, as it goes on a {@code java} command line */
    public static List<String> all() {
        List<String> flags = new ArrayList<>();
        for (String p : EXPORTS) {
            flags.add("--add-exports=java.base/" + p + "=ALL-UNNAMED");
        }
        for (String p : OPENS) {
            flags.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        return flags;
    }

    /** @return the flags the running JVM lacks; empty when it has them all */
    public static List<String> missing() {
        Module base = Object.class.getModule();
        Module unnamed = JvmFlags.class.getClassLoader().getUnnamedModule();
        List<String> missing = new ArrayList<>();
        for (String p : EXPORTS) {
            if (!base.isExported(p, unnamed)) {
                missing.add("--add-exports=java.base/" + p + "=ALL-UNNAMED");
            }
        }
        for (String p : OPENS) {
            if (!base.isOpen(p, unnamed)) {
                missing.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
            }
        }
        return missing;
    }
}
