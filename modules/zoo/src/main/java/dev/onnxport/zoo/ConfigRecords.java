package dev.onnxport.zoo;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of a zoo architecture held in a record (e.g. {@link Gpt.Config}): its components by name as
 * text, and a copy with some of them changed, parsed to the component's type. This is how {@code --config key=value}
 * and a fixture's {@code model.json "config"} reach a bundled architecture.
 */
final class ConfigRecords {
    private ConfigRecords() {}

    /** The components of {@code r} by name, as text, in declaration order. */
    static Map<String, String> values(Record r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) out.put(c.getName(), String.valueOf(get(c, r)));
        return out;
    }

    /** A copy of {@code r} with {@code changes} applied; an unknown key or a value of the wrong type fails naming it. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R with(R r, Map<String, String> changes, String model) {
        RecordComponent[] cs = r.getClass().getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            args[i] = get(cs[i], r);
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            int i = indexOf(cs, e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException(model + " has no hyper-parameter '" + e.getKey() + "'; it has "
                        + String.join(", ", values(r).keySet()));
            }
            args[i] = parse(types[i], e.getValue(), model, e.getKey());
        }
        try {
            return (R) r.getClass().getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(model + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(RecordComponent[] cs, String name) {
        for (int i = 0; i < cs.length; i++) if (cs[i].getName().equals(name)) return i;
        return -1;
    }

    private static Object parse(Class<?> type, String v, String model, String key) {
        try {
            if (type == long.class) return positive(Long.parseLong(v.trim()), model, key);
            if (type == int.class) return (int) positive(Integer.parseInt(v.trim()), model, key);
            if (type == double.class) return Double.parseDouble(v.trim());
            if (type == boolean.class && (v.equals("true") || v.equals("false"))) return Boolean.parseBoolean(v);
            if (type == String.class) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(model + ": hyper-parameter '" + key + "' must be " + (type == boolean.class ? "true or false"
                : "a " + type.getSimpleName()) + ", got '" + v + "'");
    }

    private static long positive(long v, String model, String key) {
        if (v <= 0) throw new IllegalArgumentException(model + ": hyper-parameter '" + key + "' must be positive, got " + v);
        return v;
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
