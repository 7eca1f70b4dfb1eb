package dev.onnxport.onnx.aten;

import dev.onnxport.errors.SymbolicValueError;
import dev.onnxport.ir.Node;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conversion of one traced node into an ATen node, exactly as ONNX_ATEN writes it (layout: see
 * {@link AtenExportMode}), for export modes that convert only some nodes this way (ONNX_ATEN_FALLBACK), and
 * the same layout under another node kind (ONNX_FALLTHROUGH). Each method checks the node first and fails
 * with a {@link SymbolicValueError} saying why, before changing the graph.
 *
 * <p>Tensor inputs are used as they are: a caller whose graph still holds traced tensor constants
 * ({@code prim::Constant}) converts them afterwards. The inputs standing for arguments computed while the model
 * runs are made by the caller's {@link ComputedInputs}, since their form depends on the graph around the node
 * (in the ONNX lowering, a size is already an ONNX value). Constants and lists consumed as attributes are left
 * in the graph, unused, for the caller's clean-up.
 */
public final class AtenNodeConverter {
    private AtenNodeConverter() {}

    /** Replaces the aten node {@code n} by its {@code org.pytorch.aten::ATen} node, which it returns. */
    public static Node toAten(Node n, ComputedInputs computed) {
        if (!AtenPreconditions.isAten(n)) {
            throw new SymbolicValueError(n.kind() + " is not an aten operator, so it has no ATen node form");
        }
        check(n);
        return AtenNodeLowering.lower(n, computed);
    }

    /**
     * Replaces {@code n} (any namespace) by a node {@code domain::opType} with the ATen layout of inputs and
     * attributes, plus {@code extraAttributes}; returns it.
     */
    public static Node toNode(Node n, String domain, String opType, Map<String, Object> extraAttributes,
            ComputedInputs computed) {
        check(n);
        return AtenNodeLowering.lower(n, domain + "::" + opType, new TreeMap<>(extraAttributes), computed);
    }

    private static void check(Node n) {
        String why = AtenPreconditions.whyNot(n);
        if (why != null) throw new SymbolicValueError(why);
    }
}
