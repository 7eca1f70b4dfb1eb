/** OperatorExportType.ONNX: lowers traced aten graphs to ONNX operators at every opset onnxport writes. */
module dev.onnxport.onnx {
    requires transitive dev.onnxport;

    // OnnxExportMode.lower with a Fallback: the modes built on the ONNX lowering (ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH)
    exports dev.onnxport.onnx.lowering;
    exports dev.onnxport.onnx.fallback;

    provides dev.onnxport.spi.ExportMode with dev.onnxport.onnx.lowering.OnnxExportMode;
}
