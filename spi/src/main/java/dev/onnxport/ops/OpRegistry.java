package dev.onnxport.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operators by qualified schema name ({@code aten::add.Tensor}). The process-wide registry, with the
 * built-in aten ops and those users register (own namespace, schema and kernel), is
 * {@code dev.onnxport.ops.aten.AtenOps.registry()}. Thread-safe.
 */
public final class OpRegistry {
    private final Map<String, OpDef> ops = new ConcurrentHashMap<>();

    /** Registers an op; a second registration under the same qualified name is an error. */
    public OpDef register(String schema, Kernel kernel, ShapeRule shapeRule) {
        OpDef def = new OpDef(Schema.parse(schema), kernel, shapeRule);
        OpDef prev = ops.putIfAbsent(def.qualifiedName(), def);
        if (prev != null) throw new IllegalStateException("operator " + def.qualifiedName() + " is already registered: " + prev);
        return def;
    }

    /** Looks an op up by qualified name ({@code aten::add.Tensor}, {@code aten::abs}). */
    public OpDef get(String qualifiedName) {
        OpDef d = ops.get(qualifiedName);
        if (d == null) {
            throw new IllegalArgumentException("no operator '" + qualifiedName + "' is registered" + suggestion(qualifiedName));
        }
        return d;
    }

    /** Looks an op up by name and overload ({@code "aten::add", "Tensor"}; empty overload for the default). */
    public OpDef get(String name, String overload) {
        return get(overload == null || overload.isEmpty() ? name : name + "." + overload);
    }

    public boolean contains(String qualifiedName) { return ops.containsKey(qualifiedName); }

    /** All ops, sorted by qualified name. */
    public List<OpDef> all() {
        return Collections.unmodifiableList(new ArrayList<>(new TreeMap<>(ops).values()));
    }

    private String suggestion(String q) {
        String base = q.contains(".") ? q.substring(0, q.indexOf('.')) : q;
        List<String> same = new ArrayList<>();
        for (String k : new TreeMap<>(ops).keySet()) if (k.equals(base) || k.startsWith(base + ".")) same.add(k);
        return same.isEmpty() ? "" : "; registered overloads: " + String.join(", ", same);
    }
}
