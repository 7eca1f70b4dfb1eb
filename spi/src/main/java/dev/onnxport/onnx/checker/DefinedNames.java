package dev.onnxport.onnx.checker;

import java.util.HashMap;
import java.util.Map;

/**
 * The names defined so far in one graph or function body, each with its type string (null when
 * unknown), plus the names of the enclosing graphs, which subgraphs may read.
 */
final class DefinedNames {
    private final DefinedNames outer;
    private final Map<String, String> types = new HashMap<>();

    DefinedNames(DefinedNames outer) {
        this.outer = outer;
    }

    void define(String name, String typeStr) {
        types.put(name, typeStr);
    }

    boolean hasHere(String name) {
        return types.containsKey(name);
    }

    /** Defined here or in an enclosing graph. */
    boolean has(String name) {
        for (DefinedNames s = this; s != null; s = s.outer) if (s.types.containsKey(name)) return true;
        return false;
    }

    /** The type string of a visible name, or null when unknown or not defined. */
    String type(String name) {
        for (DefinedNames s = this; s != null; s = s.outer) if (s.types.containsKey(name)) return s.types.get(name);
        return null;
    }
}
