package dev.onnxport.test.uppercase;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.OpSupport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import java.util.ArrayList;
import java.util.Locale;

/**
 * ONNX_UPPERCASE_TEST: every aten node becomes one node of domain {@value #DOMAIN} whose op type is the aten
 * operator's name in upper case ({@code aten::relu} -> {@code test.uppercase::RELU}), with the tensor arguments as
 * inputs; other arguments are dropped. Opsets 13 to 17 only, so that the range a mode announces is seen to bound
 * the export. Not a useful mode: it shows that a mode the core and the command have never heard of works.
 */
public final class UppercaseTestMode implements ExportMode {
    public static final String DOMAIN = "test.uppercase";
    private static final OperatorExportType TYPE = OperatorExportType.of("ONNX_UPPERCASE_TEST");

    @Override public OperatorExportType type() { return TYPE; }

    @Override public OpsetRange opsets() { return new OpsetRange(13, 17); }

    @Override
    public OpSupport supports(String op, int opset) {
        return opsets().contains(opset) && op.startsWith("aten::") ? OpSupport.YES : OpSupport.NO;
    }

    @Override
    public void lower(Graph graph, LoweringContext context) {
        for (Node n : new ArrayList<>(graph.nodes())) {
            if (n.op() == null || !n.op().schema().namespace().equals("aten")) continue;
            Node u = graph.body().insertBefore(n, DOMAIN + "::" + n.op().schema().name().toUpperCase(Locale.ROOT), null)
                    .setScope(n.scope()).setSource(n.source());
            for (Value in : n.inputs()) if (in != null && in.type().isTensor()) u.addInput(in);
            for (Value out : n.outputs()) {
                Value v = u.addOutput(out.type());
                if (out.name() != null) v.setName(out.name());
                graph.body().replaceAllUses(out, v);
            }
            graph.body().remove(n);
        }
        for (Node n : new ArrayList<>(graph.nodes())) {
            if (n.kind().startsWith("prim::") && n.outputs().stream().noneMatch(v -> used(graph, v))) graph.body().remove(n);
        }
    }

    private static boolean used(Graph g, Value v) {
        return g.outputs().contains(v) || g.nodes().stream().anyMatch(n -> n.inputs().contains(v));
    }
}
