package fabric.api.journal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The type of a journal event: a stable name and the record class that carries its fields.
 *
 * <p>An event is a flat record whose components are {@code String}, {@code int}, {@code long},
 * {@code boolean}, {@code double} (or their boxes), an enum, {@link Instant}, {@link Duration},
 * {@link UUID}, or a record with a single {@code String} component (an identifier). The journal
 * stores the fields by component name as text, so a reader needs no class of the writer and old
 * events stay readable when a record gains components (missing ones read as {@code null}, zero or
 * {@code false}).
 *
 * <p>Declare one constant per event, next to the record:
 * {@code public static final EventType<NodeStateChanged> TYPE = EventType.of("topology.node-state-changed", NodeStateChanged.class);}
 *
 * @param <E> the record class
 * @param name the stable name: dot-separated lower-case words, area first, such as
 *        {@code topology.node-state-changed}
 * @param recordClass the record class
 */
public record EventType<E extends Record>(String name, Class<E> recordClass) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    /** Checks the name and that every component of the record has a supported type. */
    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recordClass, "recordClass");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("event type name '" + name
                    + "' must be dot-separated lower-case words, such as topology.node-state-changed");
        }
        if (!recordClass.isRecord()) {
            throw new IllegalArgumentException(recordClass.getName() + " is not a record");
        }
        for (RecordComponent c : recordClass.getRecordComponents()) {
            if (!supported(c.getType())) {
                throw new IllegalArgumentException(recordClass.getSimpleName() + "." + c.getName()
                        + " has type " + c.getType().getSimpleName() + ", which a journal event cannot hold");
            }
        }
    }

    /**
     * @param <E> the record class
     * @param name the stable name
     * @param recordClass the record class
     * @return the event type
     */
    public static <E extends Record> EventType<E> of(String name, Class<E> recordClass) {
        return new EventType<>(name, recordClass);
    }

    /**
     * Turns an event into its stored fields.
     *
     * @param event the event
     * @return the fields by component name, in component order; {@code null} components are left out
     */
    public Map<String, String> encode(E event) {
        Objects.requireNonNull(event, "event");
        Map<String, String> fields = new LinkedHashMap<>();
        for (RecordComponent c : recordClass.getRecordComponents()) {
            Object value = invoke(c, event);
            if (value != null) {
                fields.put(c.getName(), format(value));
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    /**
     * Rebuilds an event from its stored fields.
     *
     * @param fields the fields by component name; unknown names are ignored
     * @return the event
     * @throws IllegalArgumentException when a field cannot be read as its component's type
     */
    public E decode(Map<String, String> fields) {
        RecordComponent[] components = recordClass.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String text = fields.get(components[i].getName());
            try {
                args[i] = parse(types[i], text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + "." + components[i].getName() + ": cannot read '"
                        + text + "' as " + types[i].getSimpleName(), e);
            }
        }
        try {
            Constructor<E> constructor = recordClass.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(name + ": stored fields do not make a valid event: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + recordClass.getName(), e);
        }
    }

    private static boolean supported(Class<?> type) {
        return type == String.class || type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == boolean.class || type == Boolean.class || type == double.class
                || type == Double.class || type.isEnum() || type == Instant.class || type == Duration.class
                || type == UUID.class || isIdentifier(type);
    }

    private static boolean isIdentifier(Class<?> type) {
        return type.isRecord() && type.getRecordComponents().length == 1
                && type.getRecordComponents()[0].getType() == String.class;
    }

    private static Object invoke(RecordComponent c, Object target) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static String format(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Record r) {
            return (String) invoke(r.getClass().getRecordComponents()[0], r);
        }
        return value.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(Class<?> type, String text) {
        if (text == null) {
            if (!type.isPrimitive()) {
                return null;
            }
            if (type == boolean.class) {
                return Boolean.FALSE;
            }
            if (type == double.class) {
                return Double.valueOf(0);
            }
            return type == long.class ? (Object) Long.valueOf(0) : (Object) Integer.valueOf(0);
        }
        if (type == String.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(text);
        }
        if (type == long.class || type == Long.class) {
            return Long.parseLong(text);
        }
        if (type == boolean.class || type == Boolean.class) {
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException("not a boolean");
            }
            return Boolean.parseBoolean(text);
        }
        if (type == double.class || type == Double.class) {
            return Double.parseDouble(text);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, text);
        }
        if (type == Instant.class) {
            return Instant.parse(text);
        }
        if (type == Duration.class) {
            return Duration.parse(text);
        }
        if (type == UUID.class) {
            return UUID.fromString(text);
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(String.class);
            c.setAccessible(true);
            return c.newInstance(text);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
