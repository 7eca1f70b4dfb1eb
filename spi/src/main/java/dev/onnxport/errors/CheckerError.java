package dev.onnxport.errors;


/** The exported model failed a check (the structural checker or ONNX Runtime). */
public class CheckerError extends OnnxExporterError {
    public CheckerError(String message) { super(message); }
    public CheckerError(String message, Throwable cause) { super(message, cause); }
}
