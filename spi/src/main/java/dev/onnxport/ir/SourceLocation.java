package dev.onnxport.ir;

/** The Java source line of the user code that made an operator call: {@code MyModel.java:42}. */
public record SourceLocation(String className, String method, String file, int line) {
    @Override public String toString() { return (file != null ? file : className) + ":" + line; }
}
