/**
 * ONNX Runtime as onnxport's {@link dev.onnxport.spi.RuntimeVerifier}: session creation and caching, tensor
 * conversion, runs. Comparison and the rest of verification are the core's ({@code dev.onnxport.verify}).
 */
// onnxruntime's jar names itself with a stable Automatic-Module-Name (com.microsoft.onnxruntime).
@SuppressWarnings("requires-automatic")
module dev.onnxport.ort {
    requires transitive dev.onnxport;  // Tensor and RuntimeVerifier are in this module's API
    requires org.slf4j;
    requires com.microsoft.onnxruntime;

    exports dev.onnxport.ort;

    provides dev.onnxport.spi.RuntimeVerifier with dev.onnxport.ort.OrtRuntimeVerifier;
}
