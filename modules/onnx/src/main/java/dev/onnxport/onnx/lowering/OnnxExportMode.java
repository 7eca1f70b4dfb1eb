package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.fallback.Fallback;
import dev.onnxport.onnx.symbolic.SymbolicTable;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.OpSupport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import java.util.OptionalInt;

/** {@link OperatorExportType#ONNX}: every aten op becomes ONNX operators, or the export fails listing those that cannot. */
public final class OnnxExportMode implements ExportMode {
    /** The opsets of the symbolic table. */
    public static final OpsetRange OPSETS = new OpsetRange(SymbolicTable.MIN_OPSET, SymbolicTable.MAX_OPSET);

    @Override public OperatorExportType type() { return OperatorExportType.ONNX; }

    @Override public OpsetRange opsets() { return OPSETS; }

    /** Yes when a built-in symbolic function covers the opset; from N when one covers a later opset N; else no. */
    @Override
    public OpSupport supports(String op, int opset) {
        return symbolicSupport(op, opset);
    }

    /** {@link #supports} of the ONNX lowering, for the modes built on it. */
    public static OpSupport symbolicSupport(String op, int opset) {
        if (!OPSETS.contains(opset)) return OpSupport.NO;
        SymbolicTable table = SymbolicTable.builtins();
        if (table.get(op, opset) != null) return OpSupport.YES;
        OptionalInt from = table.lowestOpset(op);
        return from.isPresent() && from.getAsInt() > opset ? OpSupport.fromOpset(from.getAsInt()) : OpSupport.NO;
    }

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
        if (!OPSETS.contains(opset)) {
            throw new OnnxExporterError("opset " + opset + " is not supported by the ONNX lowering; use an opset from "
                    + OPSETS.first() + " to " + OPSETS.last());
        }
        new Lowering(graph, context, SymbolicTable.builtins(), fallback).run();
    }
}
