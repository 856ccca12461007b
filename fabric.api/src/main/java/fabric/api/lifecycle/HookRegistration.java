package fabric.api.lifecycle;

import fabric.api.core.Names;
import java.util.Objects;

/**
 * An {@link UpdateHook} registered now.
 *
 * @param name its {@link UpdateHook#NAME}
 * @param bundle the symbolic name and version of the bundle that registered it
 * @param serviceId its service id
 */
public record HookRegistration(String name, String bundle, long serviceId) {

    /** Checks the fields. */
    public HookRegistration {
        Names.require("hook", name);
        Objects.requireNonNull(bundle, "bundle");
    }
}
