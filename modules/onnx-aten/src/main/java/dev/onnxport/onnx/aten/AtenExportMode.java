package dev.onnxport.onnx.aten;

import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.OpSupport;
import java.util.ArrayList;

/**
 * {@link OperatorExportType#ONNX_ATEN}: every aten node becomes one node {@code org.pytorch.aten::ATen}.
 *
 * <p>Layout of an ATen node (see {@link AtenNodeLowering}):
 * <ul>
 *   <li>string attributes {@code operator} (the op name without namespace, {@code add}) and
 *       {@code overload_name} (the real overload, {@code Tensor}; empty for the default overload);</li>
 *   <li>inputs, in schema order: the tensor arguments, a {@code Tensor[]} argument contributing its elements in
 *       order and an INT attribute named after the argument holding their count, so lists can be split back;
 *       and the non-tensor arguments computed while the model runs (sizes read with {@code Tensor.symSize} and
 *       int arithmetic on them), each at its schema position:
 *       <ul>
 *         <li>a computed int is a 0-d int64 tensor: the int ops ({@code aten::size.int}, {@code aten::add.int},
 *             ...) become ATen nodes too, with 0-d int64 outputs;</li>
 *         <li>a computed {@code int[]} (a list with at least one computed element) is one 1-D int64 tensor, the
 *             output of the ATen node of {@code aten::stack(elements, dim=0)}, whose constant elements are 0-d
 *             int64 {@code Constant} nodes, so the file holds nothing but ATen nodes and constants;</li>
 *       </ul>
 *       a None argument (tensor or not, or a None element of a {@code Tensor?[]}) followed by a present input is an
 *       omitted input, a null entry written as the empty name (see {@link ExportMode}); trailing Nones are left out;</li>
 *   <li>every other argument, a constant, is an attribute named after the schema argument (see
 *       {@link AtenAttributes}); a None argument has no attribute;</li>
 *   <li>outputs keep their traced types (int results are 0-d int64).</li>
 * </ul>
 * So a reader walks the schema: a {@code Tensor[]} takes as many inputs as its count attribute says; a tensor, or
 * a non-tensor argument without an attribute, takes the next input while any remain (the empty name, or none left,
 * is None); any other argument is its attribute.
 *
 * <p>The domain's version is the writer's business: 1, unless {@link LoweringContext#customOpsets} names
 * {@value #DOMAIN}. Constants and lists consumed only as attributes are removed; tensor constants become
 * {@code onnx::Constant} nodes. Ops of other namespaces fail the export with one error listing them.
 */
public final class AtenExportMode implements ExportMode {
    /** The domain of ATen nodes. */
    public static final String DOMAIN = "org.pytorch.aten";
    /** The kind of an ATen node in the ONNX dialect of the IR. */
    public static final String KIND = DOMAIN + "::ATen";

    @Override public OperatorExportType type() { return OperatorExportType.ONNX_ATEN; }

    /** Every aten operator, at every opset (a call can still fail on a constant argument without attribute form). */
    @Override
    public OpSupport supports(String op, int opset) {
        return opsets().contains(opset) && op.startsWith("aten::") ? OpSupport.YES : OpSupport.NO;
    }

    @Override
    public void lower(Graph graph, LoweringContext context) {
        AtenPreconditions.check(graph);
        lowerBlock(graph.body());
        PrimCleanup.run(graph);
    }

    private static void lowerBlock(Block b) {
        for (Node n : new ArrayList<>(b.nodes())) {
            for (Block nb : n.blocks()) lowerBlock(nb);
            if (AtenPreconditions.isAten(n)) AtenNodeLowering.lower(n);
        }
    }
}
