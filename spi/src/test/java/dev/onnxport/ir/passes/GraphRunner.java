package dev.onnxport.ir.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.Args;
import dev.onnxport.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Runs a graph's body with the ops' eager kernels: enough to check that passes keep a graph's meaning. */
final class GraphRunner {
    private GraphRunner() {}

    static List<Tensor> run(Graph g, Tensor... inputs) {
        Map<Value, Object> env = new IdentityHashMap<>();
        for (int i = 0; i < inputs.length; i++) env.put(g.inputs().get(i), inputs[i]);
        for (Value init : g.initializers().values()) env.put(init, init.data());
        for (Node n : g.nodes()) {
            Object[] in = n.inputs().stream().map(env::get).toArray();
            if (n.isConstant()) {
                env.put(n.output(), n.constantValue());
            } else if (n.kind().equals(Node.LIST_CONSTRUCT)) {
                env.put(n.output(), in);
            } else if (n.kind().equals("aten::size")) {
                env.put(n.output(), ((Tensor) in[0]).size(Math.toIntExact((Long) in[1])));
            } else if (n.op() != null && n.op().kernel() == null) {
                env.put(n.output(), intOp(n.kind(), (Long) in[0], (Long) in[1]));
            } else {
                Tensor[] outs = n.op().kernel().run(Args.bind(n.op(), in, null));
                for (int i = 0; i < outs.length; i++) env.put(n.outputs().get(i), outs[i]);
            }
        }
        return g.outputs().stream().map(v -> (Tensor) env.get(v)).toList();
    }

    private static long intOp(String kind, long a, long b) {
        return switch (kind) {
            case "aten::add" -> a + b;
            case "aten::sub" -> a - b;
            case "aten::mul" -> a * b;
            case "aten::floordiv" -> Math.floorDiv(a, b);
            default -> throw new IllegalArgumentException("no kernel for " + kind);
        };
    }
}
