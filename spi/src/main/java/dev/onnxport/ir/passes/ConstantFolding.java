package dev.onnxport.ir.passes;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.ArgType;
import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpDef;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates operator nodes whose inputs are all known while exporting (initializers, {@code prim::Constant}s
 * and {@code prim::ListConstruct}s of them) with the op's eager kernel, and replaces their outputs by new
 * initializers named {@code <scope>.<op>_<k>} (for example {@code fc.t_0}), so parameter-only subgraphs such
 * as a transposed weight disappear. The folded node's inputs are left for {@link DeadCodeElimination}.
 *
 * <p>Skipped: nodes without a kernel, random or dropout-in-training ops, ops that write their inputs, nodes
 * whose outputs would exceed the byte limit, nodes whose outputs are graph outputs (they keep their names),
 * and anything depending on a graph input. A kernel that fails leaves its node as it is.
 */
public final class ConstantFolding implements GraphPass {
    private static final Logger LOG = LoggerFactory.getLogger(ConstantFolding.class);

    /** The default limit on the bytes of one folded node's outputs: 64 MiB. */
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L << 20;

    private final long maxOutputBytes;

    public ConstantFolding() { this(DEFAULT_MAX_OUTPUT_BYTES); }

    /** Folds only nodes whose outputs take at most {@code maxOutputBytes} bytes together. */
    public ConstantFolding(long maxOutputBytes) {
        if (maxOutputBytes < 0) throw new IllegalArgumentException("maxOutputBytes must be >= 0, got " + maxOutputBytes);
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override public String name() { return "constant-folding"; }

    @Override
    public boolean run(Graph graph) {
        Set<String> taken = takenNames(graph);
        List<Node> folded = new ArrayList<>();
        fold(graph, graph.body(), taken, folded);
        return !folded.isEmpty();
    }

    private void fold(Graph graph, Block b, Set<String> taken, List<Node> folded) {
        List<Node> done = new ArrayList<>();
        for (Node n : b.nodes()) {
            for (Block nb : n.blocks()) fold(graph, nb, taken, folded);
            Tensor[] outs = evaluate(graph, n);
            if (outs == null) continue;
            for (int i = 0; i < outs.length; i++) {
                Value init = graph.addInitializer(freshName(n, taken), outs[i]);
                graph.replaceAllUses(n.outputs().get(i), init);
                LOG.debug("{}: {} -> %{}", name(), n, init.name());
            }
            done.add(n);
        }
        Set<Node> dead = Collections.newSetFromMap(new IdentityHashMap<>());
        dead.addAll(done);
        b.removeIf(dead::contains);
        folded.addAll(done);
    }

    /** The node's outputs computed by its kernel, or null when it must not or cannot be folded. */
    private Tensor[] evaluate(Graph graph, Node n) {
        OpDef op = n.op();
        if (op == null || op.kernel() == null || !n.blocks().isEmpty() || n.outputs().isEmpty()) return null;
        if (OpTraits.isNondeterministic(n) || OpTraits.isMutating(n)) return null;
        long bytes = 0;
        for (Value out : n.outputs()) {
            Type t = out.type();
            if (!t.isTensor() || graph.outputs().contains(out) || out.name() != null) return null;
            bytes += Math.multiplyExact(numel(t.shape()), (long) t.dtype().byteSize());
        }
        if (bytes > maxOutputBytes) return null;
        Object[] values = new Object[n.inputs().size()];
        for (int i = 0; i < values.length; i++) {
            Known k = known(n.input(i), op.schema().arguments().get(i).type());
            if (k == null) return null;
            values[i] = k.value;
        }
        Tensor[] outs;
        try {
            outs = op.kernel().run(Args.ofNormalized(op, values));
        } catch (RuntimeException e) {
            LOG.debug("{}: not folding {}: its kernel failed: {}", name(), n, e.toString());
            return null;
        }
        if (outs.length != n.outputs().size()) return null;
        for (int i = 0; i < outs.length; i++) {
            Type t = n.outputs().get(i).type();
            if (outs[i] == null || outs[i].dtype() != t.dtype() || !Arrays.equals(outs[i].shape(), t.shape())) {
                LOG.warn("{}: not folding {}: its kernel gave {} where the trace recorded {}", name(), n, outs[i], t);
                return null;
            }
        }
        return outs;
    }

    /** A value known without running the graph. */
    private record Known(Object value) {}

    private static Known known(Value v, ArgType type) {
        if (v.isInitializer()) return v.data().isMeta() ? null : new Known(v.data());
        Node p = v.producer();
        if (p == null) return null;
        if (p.isConstant()) {
            Object c = p.constantValue();
            return c instanceof Tensor t && t.isMeta() ? null : new Known(c);
        }
        if (p.kind().equals(Node.LIST_CONSTRUCT)) return list(p, type);
        return null;
    }

    private static Known list(Node p, ArgType type) {
        ArgType elem = new ArgType(type.base(), false, -1, type.elementOptional(), false);
        int n = p.inputs().size();
        Object[] xs = new Object[n];
        for (int i = 0; i < n; i++) {
            Known k = known(p.input(i), elem);
            if (k == null) return null;
            xs[i] = k.value;
        }
        try {
            return new Known(switch (type.base()) {
                case TENSOR -> Arrays.copyOf(xs, n, Tensor[].class);
                case INT, SYMINT -> {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) a[i] = (Long) xs[i];
                    yield a;
                }
                case FLOAT -> {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) a[i] = (Double) xs[i];
                    yield a;
                }
                case BOOL -> Arrays.copyOf(xs, n, Boolean[].class);
                default -> xs;
            });
        } catch (ClassCastException | ArrayStoreException | NullPointerException e) {
            return null;
        }
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    private static Set<String> takenNames(Graph g) {
        Set<String> taken = new HashSet<>(g.initializers().keySet());
        for (Value v : g.inputs()) taken.add(v.name());
        for (Node n : g.allNodes()) for (Value v : n.outputs()) if (v.name() != null) taken.add(v.name());
        return taken;
    }

    /** {@code <scope>.<op>_<k>} with the smallest free k, so names depend only on the graph. */
    private static String freshName(Node n, Set<String> taken) {
        String scope = n.scope().name();
        String base = (scope.isEmpty() ? "" : scope + ".") + n.op().schema().name() + "_";
        for (int k = 0; ; k++) {
            if (taken.add(base + k)) return base + k;
        }
    }
}
