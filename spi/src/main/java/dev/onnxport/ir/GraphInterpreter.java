package dev.onnxport.ir;

import dev.onnxport.ops.Args;
import dev.onnxport.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs a traced aten graph with each op's eager kernel and keeps every value, so that an exported model's
 * intermediate results can be compared with the eager ones of the very same trace. Handles the nodes the tracer
 * records: {@code prim::Constant}, {@code prim::ListConstruct}, aten ops with kernels, and the int ops on sizes
 * ({@code aten::size.int}, {@code aten::add.int}, ...), which are recomputed from the actual inputs so that a graph
 * traced at one size runs at another. Nested blocks are not supported (the tracer does not make them).
 */
public final class GraphInterpreter {
    private GraphInterpreter() {}

    /**
     * Runs {@code g} on {@code inputs} (one per graph input); returns every value: tensors as Tensor, ints as Long,
     * constants as recorded, lists as Object[].
     */
    public static Map<Value, Object> run(Graph g, Tensor... inputs) {
        if (inputs.length != g.inputs().size()) {
            throw new IllegalArgumentException("graph '" + g.name() + "' has " + g.inputs().size() + " inputs, "
                    + inputs.length + " tensors were given");
        }
        Map<Value, Object> env = new IdentityHashMap<>();
        for (int i = 0; i < inputs.length; i++) env.put(g.inputs().get(i), inputs[i]);
        for (Value init : g.initializers().values()) env.put(init, init.data());
        for (Node n : g.nodes()) {
            if (!n.blocks().isEmpty()) throw new IllegalArgumentException("cannot interpret " + n + ": it has nested blocks");
            Object[] in = new Object[n.inputs().size()];
            for (int i = 0; i < in.length; i++) in[i] = n.input(i) == null ? null : env.get(n.input(i));
            if (n.isConstant()) {
                env.put(n.output(), n.constantValue());
            } else if (n.kind().equals(Node.LIST_CONSTRUCT)) {
                env.put(n.output(), in);
            } else if (n.op() == null) {
                throw new IllegalArgumentException("cannot interpret " + n + ": it is neither an operator nor a known prim node");
            } else if (n.op().kernel() == null) {
                env.put(n.output(), intOp(n, in));
            } else {
                Tensor[] outs;
                try {
                    outs = n.op().kernel().run(Args.bind(n.op(), in, null));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("eager run of " + n + " failed: " + e.getMessage(), e);
                }
                for (int i = 0; i < outs.length && i < n.outputs().size(); i++) env.put(n.outputs().get(i), outs[i]);
            }
        }
        return Collections.unmodifiableMap(env);
    }

    private static long intOp(Node n, Object[] in) {
        if (n.kind().equals("aten::size")) {
            Tensor t = (Tensor) in[0];
            return t.size(Math.toIntExact((Long) in[1]));
        }
        long a = (Long) in[0], b = (Long) in[1];
        return switch (n.kind()) {
            case "aten::add" -> a + b;
            case "aten::sub" -> a - b;
            case "aten::mul" -> a * b;
            case "aten::floordiv" -> Math.floorDiv(a, b);
            default -> throw new IllegalArgumentException("cannot interpret " + n + ": no kernel and not a known int op");
        };
    }
}
