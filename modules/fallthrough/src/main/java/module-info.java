/** OperatorExportType.ONNX_FALLTHROUGH: ONNX operators where a symbolic function converts the op, the unconverted op in its own domain otherwise. */
module dev.onnxport.fallthrough {
    requires dev.onnxport.onnx;
    requires dev.onnxport.onnx.aten;

    provides dev.onnxport.spi.ExportMode with dev.onnxport.fallthrough.FallthroughExportMode;
}
