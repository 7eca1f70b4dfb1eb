package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.Dispatcher;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.Tensor;
import java.util.Map;
import java.util.function.Function;

/** The process-wide operator registry, holding every built-in aten op (one group per class) and users' ops. */
public final class AtenOps {
    private AtenOps() {}

    private static final OpRegistry REGISTRY = create();

    private static OpRegistry create() {
        OpRegistry r = new OpRegistry();
        registerAll(r);
        return r;
    }

    /** The registry holding the built-in aten ops, registered on first use, and any registered by users. */
    public static OpRegistry registry() { return REGISTRY; }

    /**
     * Runs a built-in op without recording it (a kernel made of other ops): positional arguments in schema order, the
     * rest defaulted. Meta tensors in, meta tensors out (the callee's shape rule), so a composite kernel is its own
     * shape rule.
     */
    static Tensor[] calls(String name, Object... positional) {
        OpDef op = REGISTRY.get(name);
        return Dispatcher.compute(op, Args.bind(op, positional, Map.of()));
    }

    /** {@link #calls} of a one-output op. */
    static Tensor call(String name, Object... positional) { return calls(name, positional)[0]; }

    /** Registers an op made of other ops ({@link #call}): the same function is its kernel and its shape rule. */
    static void composite(OpRegistry r, String schema, Function<Args, Tensor> f) {
        r.register(schema, Kernel.single(f), ShapeRule.single(f));
    }

    /** {@link #composite} of an op with several outputs. */
    static void compositeN(OpRegistry r, String schema, Function<Args, Tensor[]> f) {
        r.register(schema, f::apply, f::apply);
    }

    private static void registerAll(OpRegistry r) {
        IntOps.register(r);
        ElementwiseOps.register(r);
        ReductionOps.register(r);
        ShapeOps.register(r);
        IndexingOps.register(r);
        FactoryOps.register(r);
        LinalgOps.register(r);
        ConvPoolOps.register(r);
        NormOps.register(r);
        RnnOps.register(r);
        EmbeddingDropoutDistanceOps.register(r);
        LossOps.register(r);
        PadComposites.register(r);
        PoolNdOps.register(r);
        IndexComposites.register(r);
        DataDependentOps.register(r);
        SamplingOps.register(r);
        UpsampleNd.register(r);
        LinalgComposites.register(r);
        NnComposites.register(r);
        AttentionOps.register(r);
    }
}
