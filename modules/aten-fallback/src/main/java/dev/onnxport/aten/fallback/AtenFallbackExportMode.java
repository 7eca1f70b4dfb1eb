package dev.onnxport.aten.fallback;

import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.aten.AtenNodeConverter;
import dev.onnxport.onnx.aten.ComputedInputs;
import dev.onnxport.onnx.fallback.ComputedInts;
import dev.onnxport.onnx.fallback.Fallback;
import dev.onnxport.onnx.lowering.OnnxExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.OpSupport;
import dev.onnxport.spi.OpsetRange;

/**
 * {@link OperatorExportType#ONNX_ATEN_FALLBACK}: the ONNX lowering, except that an aten op with no symbolic
 * function at the target opset, or whose symbolic function raises, becomes the {@code ATen} node ONNX_ATEN
 * writes for it. A graph whose ops all convert is exactly the ONNX export. Arguments computed while the model runs
 * are inputs of the ATen node as in ONNX_ATEN (an int as a 0-d int64 tensor, an {@code int[]} as a 1-D int64 tensor),
 * but made of ONNX operators ({@link ComputedInts}), since the sizes are ONNX values here. Ops of other namespaces
 * without a symbolic function, and aten ops that have no ATen form (a constant argument with no attribute form),
 * fail the export in one error listing them, as in the ONNX mode.
 */
public final class AtenFallbackExportMode implements ExportMode {
    /** Sizes computed while the model runs are ONNX values here: inputs of the ATen node, shaped as ONNX_ATEN's. */
    private static final ComputedInputs ONNX_INTS = new ComputedInputs(ComputedInts::scalar, ComputedInts::list);

    private static final Fallback TO_ATEN = (node, context, cause) -> {
        if (node.op() == null || !node.op().schema().namespace().equals("aten")) return false;
        AtenNodeConverter.toAten(node, ONNX_INTS);
        return true;
    };

    @Override public OperatorExportType type() { return OperatorExportType.ONNX_ATEN_FALLBACK; }

    @Override public OpsetRange opsets() { return OnnxExportMode.OPSETS; }

    /** Every aten operator (as ONNX or as an ATen node); other ops where the ONNX lowering has a symbolic function. */
    @Override
    public OpSupport supports(String op, int opset) {
        if (op.startsWith("aten::")) return opsets().contains(opset) ? OpSupport.YES : OpSupport.NO;
        return OnnxExportMode.symbolicSupport(op, opset);
    }

    @Override
    public void lower(Graph graph, LoweringContext context) {
        OnnxExportMode.lower(graph, context, TO_ATEN);
    }
}
