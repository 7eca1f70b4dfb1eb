package dev.onnxport.aten.fallback;

import dev.onnxport.export.OperatorExportType;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.aten.AtenNodeConverter;
import dev.onnxport.onnx.fallback.Fallback;
import dev.onnxport.onnx.lowering.OnnxExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.ExportMode;

/**
 * {@link OperatorExportType#ONNX_ATEN_FALLBACK}: the ONNX lowering, except that an aten op with no symbolic
 * function at the target opset, or whose symbolic function raises, becomes the {@code ATen} node ONNX_ATEN
 * writes for it. A graph whose ops all convert is exactly the ONNX export. Ops of other namespaces without a
 * symbolic function, and aten ops that have no ATen form (a size computed at run time where an attribute is
 * needed), fail the export in one error listing them, as in the ONNX mode.
 */
public final class AtenFallbackExportMode implements ExportMode {
    private static final Fallback TO_ATEN = (node, context, cause) -> {
        if (node.op() == null || !node.op().schema().namespace().equals("aten")) return false;
        AtenNodeConverter.toAten(node);
        return true;
    };

    @Override public OperatorExportType type() { return OperatorExportType.ONNX_ATEN_FALLBACK; }

    @Override
    public void lower(Graph graph, LoweringContext context) {
        OnnxExportMode.lower(graph, context, TO_ATEN);
    }
}
