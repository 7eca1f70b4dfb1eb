package dev.onnxport.errors;


/** One or more operators have no conversion at the target opset; the message lists each of them. */
public class UnsupportedOperatorError extends OnnxExporterError {
    public UnsupportedOperatorError(String message) { super(message); }
}
