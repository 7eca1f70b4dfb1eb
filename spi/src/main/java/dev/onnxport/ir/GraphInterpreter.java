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
 * traced at one size runs at another, and the control-flow nodes of {@code nn.F} ({@code prim::If}, {@code prim::Loop},
 * {@code prim::Scan}), whose bodies run as often as their predicate and trip count say.
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
        runBlock(g.body(), env);
        return Collections.unmodifiableMap(env);
    }

    private static void runBlock(Block b, Map<Value, Object> env) {
        for (Node n : b.nodes()) {
            Object[] in = new Object[n.inputs().size()];
            for (int i = 0; i < in.length; i++) in[i] = n.input(i) == null ? null : env.get(n.input(i));
            if (!n.blocks().isEmpty()) {
                controlFlow(n, in, env);
            } else if (n.isConstant()) {
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
    }

    /** prim::If, prim::Loop and prim::Scan of nn.F's control flow (block layouts in the javadoc of nn.ControlFlow). */
    private static void controlFlow(Node n, Object[] in, Map<Value, Object> env) {
        switch (n.kind()) {
            case "prim::If" -> {
                Block b = n.blocks().get(((Tensor) in[0]).item() != 0 ? 0 : 1);
                runBlock(b, env);
                for (int i = 0; i < n.outputs().size(); i++) env.put(n.outputs().get(i), env.get(b.outputs().get(i)));
            }
            case "prim::Loop" -> {
                Block b = n.blocks().get(0);
                long max = ((Tensor) in[0]).itemLong();
                boolean go = ((Tensor) in[1]).item() != 0;
                Object[] carried = java.util.Arrays.copyOfRange(in, 2, in.length);
                for (long i = 0; go && i < max; i++) {
                    env.put(b.inputs().get(0), Tensor.scalar(i));
                    for (int k = 0; k < carried.length; k++) env.put(b.inputs().get(k + 1), carried[k]);
                    runBlock(b, env);
                    go = ((Tensor) env.get(b.outputs().get(0))).item() != 0;
                    for (int k = 0; k < carried.length; k++) carried[k] = env.get(b.outputs().get(k + 1));
                }
                for (int k = 0; k < carried.length; k++) env.put(n.outputs().get(k), carried[k]);
            }
            case "prim::Scan" -> {
                Block b = n.blocks().get(0);
                int scans = (int) (long) (Long) n.attr("num_scan_inputs");
                long axis = (Long) n.attr("axis");
                int states = in.length - scans;
                Object[] carry = java.util.Arrays.copyOfRange(in, 0, states);
                long len = ((Tensor) in[states]).size((int) axis);
                int ys = b.outputs().size() - states;
                java.util.List<java.util.List<Tensor>> parts = new java.util.ArrayList<>();
                for (int k = 0; k < ys; k++) parts.add(new java.util.ArrayList<>());
                var select = dev.onnxport.ops.aten.AtenOps.registry().get("aten::select.int");
                var stack = dev.onnxport.ops.aten.AtenOps.registry().get("aten::stack");
                for (long t = 0; t < len; t++) {
                    for (int k = 0; k < states; k++) env.put(b.inputs().get(k), carry[k]);
                    for (int k = 0; k < scans; k++) env.put(b.inputs().get(states + k), select.call1(in[states + k], axis, t));
                    runBlock(b, env);
                    for (int k = 0; k < states; k++) carry[k] = env.get(b.outputs().get(k));
                    for (int k = 0; k < ys; k++) parts.get(k).add((Tensor) env.get(b.outputs().get(states + k)));
                }
                for (int k = 0; k < states; k++) env.put(n.outputs().get(k), carry[k]);
                for (int k = 0; k < ys; k++) env.put(n.outputs().get(states + k), stack.call1(parts.get(k).toArray(new Tensor[0]), axis));
            }
            default -> throw new IllegalArgumentException("cannot interpret " + n + ": it has nested blocks");
        }
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
