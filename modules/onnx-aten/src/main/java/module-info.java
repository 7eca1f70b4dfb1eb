/** OperatorExportType.ONNX_ATEN: every aten operator becomes an {@code ATen} node in domain {@code org.pytorch.aten}. */
module dev.onnxport.onnx.aten {
    requires transitive dev.onnxport;

    // AtenNodeConverter: the ATen node of one op, for ONNX_ATEN_FALLBACK and ONNX_FALLTHROUGH
    exports dev.onnxport.onnx.aten;

    provides dev.onnxport.spi.ExportMode with dev.onnxport.onnx.aten.AtenExportMode;
}
