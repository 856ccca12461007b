package fabric.compute.internal.shell;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.util.List;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * A Gogo command under a hyphenated name, such as {@code vm:avset-create}, that runs a camel-case
 * method of a commands object ({@code avsetCreate}). Adapted from the cluster bundle's class of the
 * same name: Gogo 1.1 finds a method by the function's name and Java names hold no hyphen, so each
 * hyphenated name is its own {@link Function} service. This one hands the arguments to Gogo's own
 * {@link Reflective} dispatch, so {@code @Parameter} options ({@code --fault-domains 3}) and argument
 * conversion work as for any command.
 */
final class HyphenatedCommand implements Function {

    /** Where the commands object comes from, for one run at a time. */
    interface Source {
        /** @return the commands object, or {@code null} when it is gone */
        Object acquire();

        /** @param commands the object {@link #acquire()} returned, no longer used */
        void release(Object commands);
    }

    private final Source source;
    private final String scope;
    private final String method;

    /**
     * @param source the commands object
     * @param scope the scope, such as {@code vm}
     * @param method the camel-case method, such as {@code avsetCreate}
     */
    HyphenatedCommand(Source source, String scope, String method) {
        this.source = source;
        this.scope = scope;
        this.method = method;
    }

    /**
     * @param camelCase a method name such as {@code avsetCreate}
     * @return the command name, such as {@code avset-create}
     */
    static String hyphenate(String camelCase) {
        StringBuilder name = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('-').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /** @return the scope */
    String scope() {
        return scope;
    }

    /** @return the hyphenated function name */
    String function() {
        return hyphenate(method);
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        Object target = source.acquire();
        if (target == null) {
            throw new FabricException(ErrorCode.UNAVAILABLE, scope + ":" + function() + " is not available right now");
        }
        try {
            return Reflective.invoke(session, target, method, arguments);
        } catch (IllegalArgumentException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, "wrong arguments for " + scope + ":" + function()
                    + " (try: help " + scope + ":" + method + "): " + e.getMessage());
        } finally {
            source.release(target);
        }
    }
}
