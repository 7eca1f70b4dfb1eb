package dev.onnxport.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code nn.ModuleDict}: children by name, in insertion order, that the owner calls itself (it has no forward);
 * the names are their state-dict prefixes ({@code blocks.proj.weight}).
 */
public final class ModuleDict<M extends Module> extends Module {
    private final Map<String, M> items = new LinkedHashMap<>();

    public ModuleDict() {}

    /** Children under the map's names, in its iteration order (use a {@code LinkedHashMap}). */
    public ModuleDict(Map<String, ? extends M> modules) { modules.forEach(this::put); }

    /** Adds a child; a name may be given once (PyTorch would replace it, which state-dict names cannot follow here). */
    public ModuleDict<M> put(String name, M module) {
        registerModule(name, module);
        items.put(name, module);
        return this;
    }

    /** The child named {@code name}; fails naming the children when there is none. */
    public M get(String name) {
        M m = items.get(name);
        if (m == null) throw new IllegalArgumentException("ModuleDict has no key '" + name + "'; it has " + items.keySet());
        return m;
    }

    public boolean containsKey(String name) { return items.containsKey(name); }
    public Set<String> keySet() { return Collections.unmodifiableSet(items.keySet()); }
    public Map<String, M> asMap() { return Collections.unmodifiableMap(items); }
    public int size() { return items.size(); }
}
