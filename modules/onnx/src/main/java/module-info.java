/** OperatorExportType.ONNX: lowers traced aten graphs to ONNX operators for opsets 7 to 22. */
module dev.onnxport.onnx {
    requires transitive dev.onnxport;

    exports dev.onnxport.onnx.lowering;
    exports dev.onnxport.onnx.fallback;
    exports dev.onnxport.onnx.symbolic;

    provides dev.onnxport.spi.ExportMode with dev.onnxport.onnx.lowering.OnnxExportMode;
}
