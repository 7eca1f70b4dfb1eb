package dev.onnxport.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** {@code nn.ModuleList}: children named "0", "1", ... that the owner calls itself (it has no forward). */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    @SafeVarargs
    public ModuleList(M... modules) {
        for (M m : modules) add(m);
    }

    public ModuleList<M> add(M m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    public M get(int i) { return items.get(i); }
    public int size() { return items.size(); }
    public List<M> asList() { return Collections.unmodifiableList(items); }

    @Override public Iterator<M> iterator() { return asList().iterator(); }
}
