package fabric.api.journal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
        Shape shape = SHAPES.get(recordClass);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < shape.names.length; i++) {
            Object value = shape.get(i, event);
            if (value != null) {
                fields.put(shape.names[i], format(value));
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
        Shape shape = SHAPES.get(recordClass);
        Object[] args = new Object[shape.names.length];
        for (int i = 0; i < args.length; i++) {
            Class<?> type = shape.types[i];
            String text = fields.get(shape.names[i]);
            try {
                args[i] = parse(type, text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + "." + shape.names[i] + ": cannot read '"
                        + text + "' as " + type.getSimpleName(), e);
            }
        }
        try {
            return recordClass.cast(shape.constructor.newInstance(args));
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

    private static String format(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Record r) {
            return (String) SHAPES.get(r.getClass()).get(0, r);
        }
        return value.toString();
    }

    /**
     * A record class's components, accessors and canonical constructor, looked up once per class:
     * {@link Class#getRecordComponents()} builds its answer anew on every call, which made it the
     * largest cost of an append.
     */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            Class<?>[] types = new Class<?>[components.length];
            Method[] getters = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                getters[i] = components[i].getAccessor();
                getters[i].setAccessible(true);
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(names, types, getters, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }
    };

    private static final class Shape {
        private final String[] names;
        private final Class<?>[] types;
        private final Method[] getters;
        private final Constructor<?> constructor;

        Shape(String[] names, Class<?>[] types, Method[] getters, Constructor<?> constructor) {
            this.names = names;
            this.types = types;
            this.getters = getters;
            this.constructor = constructor;
        }

        Object get(int component, Object target) {
            try {
                return getters[component].invoke(target);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + names[component] + ": " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + names[component], e);
            }
        }
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
