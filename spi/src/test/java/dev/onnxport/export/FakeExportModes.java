package dev.onnxport.export;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.OpSupport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import java.util.ArrayList;

/** Test-only export modes (registered in src/test/fake-modes/META-INF/services, which only this module's tests see) lowering the "test::" ops. */
public final class FakeExportModes {
    private FakeExportModes() {}

    /** The last context a fake mode was given. */
    static volatile LoweringContext lastContext;

    static void lowerTestOps(Graph g, LoweringContext c) {
        lastContext = c;
        for (Node n : new ArrayList<>(g.nodes())) {
            switch (n.kind()) {
                case "test::mul_add" -> {
                    Node mul = g.body().insertBefore(n, "onnx::Mul", null).setScope(n.scope()).setSource(n.source());
                    mul.addInput(n.input(0)).addInput(n.input(1));
                    Value m = mul.addOutput(n.output().type());
                    Node add = g.body().insertBefore(n, "onnx::Add", null).setScope(n.scope()).setSource(n.source());
                    add.addInput(m).addInput(n.input(2));
                    replace(g, n, add.addOutput(n.output().type()));
                }
                case "test::relu" -> replace(g, n, simple(g, n, "onnx::Relu"));
                case "test::ident" -> replace(g, n, simple(g, n, "onnx::Identity"));
                case "prim::Constant" -> { }
                default -> throw new UnsupportedOperatorError("the fake test mode cannot lower " + n.kind());
            }
        }
    }

    private static Value simple(Graph g, Node n, String kind) {
        Node r = g.body().insertBefore(n, kind, null).setScope(n.scope()).setSource(n.source());
        r.addInput(n.input(0));
        return r.addOutput(n.output().type());
    }

    private static void replace(Graph g, Node n, Value v) {
        g.body().replaceAllUses(n.output(), v);
        g.body().remove(n);
    }

    /** The ops the fake modes lower, at every opset. */
    static OpSupport supportsTestOps(String op) {
        return op.equals("test::mul_add") || op.equals("test::relu") || op.equals("test::ident") ? OpSupport.YES : OpSupport.NO;
    }

    public static final class Onnx implements ExportMode {
        @Override public OperatorExportType type() { return OperatorExportType.ONNX; }
        @Override public OpSupport supports(String op, int opset) { return supportsTestOps(op); }
        @Override public void lower(Graph graph, LoweringContext context) { lowerTestOps(graph, context); }
    }

    public static final class AtenFallback implements ExportMode {
        @Override public OperatorExportType type() { return OperatorExportType.ONNX_ATEN_FALLBACK; }
        @Override public OpSupport supports(String op, int opset) { return supportsTestOps(op); }
        @Override public void lower(Graph graph, LoweringContext context) { lowerTestOps(graph, context); }
    }

    /** A mode outside torch's four names, with a narrower opset range: selected by name like any other. */
    public static final class NarrowTestMode implements ExportMode {
        static final OperatorExportType TYPE = OperatorExportType.of("FAKE_NARROW_TEST");
        @Override public OperatorExportType type() { return TYPE; }
        @Override public OpsetRange opsets() { return new OpsetRange(13, 17); }
        @Override public OpSupport supports(String op, int opset) { return opsets().contains(opset) ? supportsTestOps(op) : OpSupport.NO; }
        @Override public void lower(Graph graph, LoweringContext context) { lowerTestOps(graph, context); }
    }
}
