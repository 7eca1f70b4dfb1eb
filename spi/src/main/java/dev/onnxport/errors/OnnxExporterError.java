package dev.onnxport.errors;

/** Base of every export failure; messages say what went wrong, where (node, scope, source line) and how to fix it. */
public class OnnxExporterError extends RuntimeException {
    public OnnxExporterError(String message) { super(message); }
    public OnnxExporterError(String message, Throwable cause) { super(message, cause); }
}
