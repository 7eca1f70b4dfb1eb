package dev.onnxport.ir;

/**
 * A module call on the stack while tracing: the module's qualified name in the root model
 * ({@code layer1.0.conv1}; empty for the root) and its class. Scopes form a chain to the root.
 */
public record Scope(Scope parent, String name, String moduleClass) {
    public static final Scope ROOT = new Scope(null, "", "");

    public boolean isRoot() { return parent == null; }

    /** Depth below the root (root: 0). */
    public int depth() { return parent == null ? 0 : parent.depth() + 1; }

    @Override public String toString() { return name; }
}
