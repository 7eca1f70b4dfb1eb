package dev.onnxport.ops;

import dev.onnxport.ops.aten.AtenOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All operators by qualified schema name ({@code aten::add.Tensor}). The built-in aten ops are
 * registered once on first use; users may register their own ops (own namespace, schema and kernel).
 * Thread-safe.
 */
public final class OpRegistry {
    private static final OpRegistry GLOBAL = create();

    private final Map<String, OpDef> ops = new ConcurrentHashMap<>();

    private static OpRegistry create() {
        OpRegistry r = new OpRegistry();
        AtenOps.registerAll(r);
        return r;
    }

    /** The registry holding the built-in aten ops and any registered by users. */
    public static OpRegistry global() { return GLOBAL; }

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
