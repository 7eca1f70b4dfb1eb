/** OperatorExportType.ONNX_ATEN: every aten operator becomes an {@code ATen} node in domain {@code org.pytorch.aten}. */
module dev.onnxport.onnx.aten {
    requires dev.onnxport;

    provides dev.onnxport.spi.ExportMode with dev.onnxport.onnx.aten.AtenExportMode;
}
