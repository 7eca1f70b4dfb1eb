package dev.onnxport.errors;


/** A symbolic function met a value it cannot convert (e.g. a dynamic value where a constant is needed). */
public class SymbolicValueError extends OnnxExporterError {
    public SymbolicValueError(String message) { super(message); }
}
