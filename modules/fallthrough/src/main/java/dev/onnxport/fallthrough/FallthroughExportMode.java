package dev.onnxport.fallthrough;

import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.onnx.aten.AtenNodeConverter;
import dev.onnxport.onnx.aten.ComputedInputs;
import dev.onnxport.onnx.fallback.ComputedInts;
import dev.onnxport.onnx.fallback.Fallback;
import dev.onnxport.onnx.lowering.OnnxExportMode;
import dev.onnxport.ops.Schema;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.OpSupport;
import dev.onnxport.spi.OpsetRange;
import java.util.Map;

/**
 * {@link OperatorExportType#ONNX_FALLTHROUGH}: the ONNX lowering, except that an op no symbolic function
 * converts at the target opset is kept as it was traced, as one node of its own domain:
 * <ul>
 *   <li>domain: the op's namespace, {@value #ATEN_DOMAIN} for {@code aten} (a user namespace
 *       {@code mydomain} stays {@code mydomain}); the model imports each such domain at version 1, or at
 *       the version custom_opsets gives it;</li>
 *   <li>op_type: the op name without namespace or overload ({@code triu}, {@code add}). The overload goes
 *       into a string attribute {@code overload_name} ({@code Tensor} for {@code aten::add.Tensor}), written
 *       only when the op has one: op_type stays the name a runtime registers a custom kernel under, and the
 *       attribute still tells overloads apart;</li>
 *   <li>inputs and attributes: the layout of ONNX_ATEN's {@code ATen} node (tensor arguments and arguments computed
 *       while the model runs as inputs, every other argument as an attribute named after the schema argument); a
 *       computed int or {@code int[]} is made of ONNX operators ({@link ComputedInts}).</li>
 * </ul>
 * An op with a constant argument that has no attribute form still fails the export, listed with the other
 * unsupported ops.
 */
public final class FallthroughExportMode implements ExportMode {
    /** The domain of aten ops kept as they are. */
    public static final String ATEN_DOMAIN = "org.pytorch.aten";

    /** Sizes computed while the model runs are ONNX values here; they become inputs as in ONNX_ATEN's layout. */
    private static final ComputedInputs ONNX_INTS = new ComputedInputs(ComputedInts::scalar, ComputedInts::list);

    private static final Fallback KEEP = (node, context, cause) -> {
        if (node.op() == null) return false;
        keep(node);
        return true;
    };

    @Override public OperatorExportType type() { return OperatorExportType.ONNX_FALLTHROUGH; }

    @Override public OpsetRange opsets() { return OnnxExportMode.OPSETS; }

    /** Every operator: as ONNX where a symbolic function converts it, else kept in its own domain. */
    @Override
    public OpSupport supports(String op, int opset) {
        return opsets().contains(opset) ? OpSupport.YES : OpSupport.NO;
    }

    @Override
    public void lower(Graph graph, LoweringContext context) {
        OnnxExportMode.lower(graph, context, KEEP);
    }

    private static void keep(Node n) {
        Schema s = n.op().schema();
        String domain = s.namespace().equals("aten") ? ATEN_DOMAIN : s.namespace();
        Map<String, Object> extra = s.overload().isEmpty() ? Map.of() : Map.of("overload_name", s.overload());
        AtenNodeConverter.toNode(n, domain, s.name(), extra, ONNX_INTS);
    }
}
