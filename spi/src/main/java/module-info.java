/** The onnxport core: tensors, kernels, operator registry, nn, safetensors, tracer and graph IR. */
module dev.onnxport {
    requires org.slf4j;

    exports dev.onnxport.tensor;
    exports dev.onnxport.ops;
    exports dev.onnxport.ops.aten;
    exports dev.onnxport.kernels;
    exports dev.onnxport.nn;
    exports dev.onnxport.safetensors;
    exports dev.onnxport.trace;
    exports dev.onnxport.ir;
    exports dev.onnxport.ir.passes;
    exports dev.onnxport.util;
}
