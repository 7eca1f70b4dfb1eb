/** ONNX Runtime as onnxport's {@link dev.onnxport.spi.RuntimeVerifier}: session check, runs, numeric comparison. */
// onnxruntime's jar names itself with a stable Automatic-Module-Name (com.microsoft.onnxruntime).
@SuppressWarnings("requires-automatic")
module dev.onnxport.ort {
    requires transitive dev.onnxport;  // Tensor, Tolerance and VerificationReport are in this module's API
    requires org.slf4j;
    requires com.microsoft.onnxruntime;

    exports dev.onnxport.ort;

    provides dev.onnxport.spi.RuntimeVerifier with dev.onnxport.ort.OrtRuntimeVerifier;
}
