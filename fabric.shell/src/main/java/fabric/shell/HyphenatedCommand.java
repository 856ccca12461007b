package fabric.shell;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;

/**
 * A Gogo command under a hyphenated name, such as {@code fabric:fail-node}, that runs a camel-case
 * method of a commands object ({@code failNode}) through Gogo's own dispatch, so overloads,
 * argument conversion and {@link Parameter} options ({@code --fault-domains 3}) work as for any
 * command.
 *
 * <p>Gogo 1.1 finds a command's method by the function's name (ignoring case) and Java method names
 * cannot hold a hyphen; a command service that is a {@link Function} is called directly instead, so
 * each hyphenated name is its own small {@code Function} service.
 *
 * <p>The commands object is acquired for each run only, as Gogo does with command services, so that
 * registering the names activates nothing.
 */
public final class HyphenatedCommand implements Function {

    /** Where the commands object comes from, for one run at a time. */
    public interface Source {
        /** @return the commands object */
        Object acquire();

        /** @param commands the object {@link #acquire()} returned, no longer used */
        void release(Object commands);
    }

    private final Source source;
    private final String scope;
    private final String method;
    private final List<Method> overloads;

    private HyphenatedCommand(Source source, String scope, String method, List<Method> overloads) {
        this.source = source;
        this.scope = scope;
        this.method = method;
        this.overloads = List.copyOf(overloads);
    }

    /**
     * @param scope the commands' scope, such as {@code fabric}
     * @param target the commands object, always the same
     * @return as {@link #forCamelCaseMethods(String, Class, Source)}
     */
    public static List<HyphenatedCommand> forCamelCaseMethods(String scope, Object target) {
        return forCamelCaseMethods(scope, target.getClass(), new Source() {
            @Override
            public Object acquire() {
                return target;
            }

            @Override
            public void release(Object commands) {
            }
        });
    }

    /**
     * @param scope the commands' scope, such as {@code fabric}
     * @param type a class whose public {@link Descriptor}-annotated methods are commands
     * @param source where an instance of {@code type} comes from for each run
     * @return one command per camel-case method name, named by {@link #hyphenate(String)}
     */
    public static List<HyphenatedCommand> forCamelCaseMethods(String scope, Class<?> type, Source source) {
        Map<String, List<Method>> byName = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            boolean command = m.isAnnotationPresent(Descriptor.class) && !Modifier.isStatic(m.getModifiers());
            if (command && !m.getName().equals(hyphenate(m.getName()))) {
                byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
            }
        }
        List<HyphenatedCommand> commands = new ArrayList<>();
        byName.forEach((name, methods) -> {
            methods.sort(Comparator.comparingInt(Method::getParameterCount));
            commands.add(new HyphenatedCommand(source, scope, name, methods));
        });
        commands.sort(Comparator.comparing(HyphenatedCommand::function));
        return commands;
    }

    /**
     * @param camelCase a method name such as {@code enterMaintenance}
     * @return the command name, such as {@code enter-maintenance}
     */
    public static String hyphenate(String camelCase) {
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

    /** @return the scope, such as {@code fabric} */
    public String scope() {
        return scope;
    }

    /** @return the hyphenated function name, such as {@code fail-node} */
    public String function() {
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
            if (!raisedByGogo(e)) {
                throw e; // The command's own complaint, not a mismatch of the arguments.
            }
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, "wrong arguments for " + scope + ":" + function()
                    + ": " + arguments.size() + " given; usage: " + usage() + " (try: help " + scope + ":" + method
                    + ")");
        } finally {
            source.release(target);
        }
    }

    /** Whether Gogo found no method taking these arguments, rather than the method throwing. */
    private static boolean raisedByGogo(IllegalArgumentException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().equals(Reflective.class.getName());
    }

    /** @return such as {@code fabric:fail-node <node name> [<why, in quotes>]} */
    public String usage() {
        Method longest = overloads.get(overloads.size() - 1);
        int required = overloads.get(0).getParameterCount();
        StringBuilder usage = new StringBuilder(scope).append(':').append(function());
        StringBuilder positional = new StringBuilder();
        Annotation[][] annotations = longest.getParameterAnnotations();
        int position = 0;
        for (int i = 0; i < longest.getParameterCount(); i++) {
            String name = "arg" + (i + 1);
            Parameter option = null;
            for (Annotation a : annotations[i]) {
                if (a instanceof Descriptor d) {
                    name = d.value();
                } else if (a instanceof Parameter p) {
                    option = p;
                }
            }
            if (option != null) {
                boolean flag = !Parameter.UNSPECIFIED.equals(option.presentValue());
                usage.append(" [").append(option.names()[0]).append(flag ? "" : " <" + name + ">").append(']');
            } else {
                positional.append(' ').append(position < required ? "<" + name + ">" : "[<" + name + ">]");
                position++;
            }
        }
        return usage.append(positional).toString();
    }
}
