package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.fallback.Fallback;
import dev.onnxport.onnx.symbolic.SymbolicTable;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;

/** {@link OperatorExportType#ONNX}: every aten op becomes ONNX operators, or the export fails listing those that cannot. */
public final class OnnxExportMode implements ExportMode {
    @Override public OperatorExportType type() { return OperatorExportType.ONNX; }

    @Override
    public void lower(Graph graph, LoweringContext context) {
        lower(graph, context, Fallback.NONE);
    }

    /**
     * The ONNX lowering with {@code fallback} offered every node no symbolic function converts; the modes that
     * keep such nodes in another form (ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH) call this.
     */
    public static void lower(Graph graph, LoweringContext context, Fallback fallback) {
        int opset = context.opset();
        if (opset < SymbolicTable.MIN_OPSET || opset > SymbolicTable.MAX_OPSET) {
            throw new OnnxExporterError("opset " + opset + " is not supported by the ONNX lowering; use an opset from "
                    + SymbolicTable.MIN_OPSET + " to " + SymbolicTable.MAX_OPSET);
        }
        new Lowering(graph, context, SymbolicTable.builtins(), fallback).run();
    }
}
