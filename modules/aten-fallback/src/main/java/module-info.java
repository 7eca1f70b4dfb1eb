/** OperatorExportType.ONNX_ATEN_FALLBACK: ONNX operators where a symbolic function converts the op, ATen nodes otherwise. */
module dev.onnxport.aten.fallback {
    requires dev.onnxport.onnx;
    requires dev.onnxport.onnx.aten;

    provides dev.onnxport.spi.ExportMode with dev.onnxport.aten.fallback.AtenFallbackExportMode;
}
