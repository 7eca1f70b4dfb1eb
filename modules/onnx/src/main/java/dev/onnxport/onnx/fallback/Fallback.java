package dev.onnxport.onnx.fallback;

import dev.onnxport.errors.SymbolicValueError;
import dev.onnxport.ir.Node;
import dev.onnxport.spi.LoweringContext;

/**
 * What the ONNX lowering does with a node no symbolic function converts: the export modes that keep such
 * nodes in another form (ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH) plug in here, through
 * {@link dev.onnxport.onnx.lowering.OnnxExportMode#lower(dev.onnxport.ir.Graph, LoweringContext, Fallback)}.
 *
 * <p>The lowering calls it, in graph order, for each node that has no symbolic function at the target opset
 * ({@code cause} null) or whose symbolic function raised a {@link SymbolicValueError} ({@code cause}; what the
 * function had built is already removed). Inputs of the node that earlier nodes produced are already ONNX
 * values; inputs that are traced tensor constants are turned into ONNX constants by the lowering afterwards,
 * as for symbolic functions, so a fallback may use them as they are.
 */
@FunctionalInterface
public interface Fallback {
    /** The ONNX mode: nothing falls back, every such node is reported as unsupported. */
    Fallback NONE = (node, context, cause) -> false;

    /**
     * Replaces {@code node} by ONNX-dialect nodes inserted where it stands ({@code insertBefore(node, ...)} in its
     * block, then {@code remove(node)}, with uses of its outputs redirected) and returns true; or returns false, or
     * throws a {@link SymbolicValueError} whose message says why, without changing the graph, to leave it to the
     * unsupported-operator error.
     */
    boolean lower(Node node, LoweringContext context, SymbolicValueError cause);
}
