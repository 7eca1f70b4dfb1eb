package dev.onnxport.trace;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/**
 * Tiny float32 ops in the {@code test::} namespace, registered once in the global registry (the tracer
 * records through it), so tracer and pass tests do not depend on the aten kernels being written elsewhere.
 */
public final class TestOps {
    private TestOps() {}

    public static final OpDef ADD = register("test::add(Tensor self, Tensor other) -> Tensor",
            a -> binary(a, Double::sum), a -> Tensor.meta(a.tensor(0).dtype(), Shapes.broadcast(a.tensor(0).shape(), a.tensor(1).shape())));
    public static final OpDef MUL = register("test::mul(Tensor self, Tensor other) -> Tensor",
            a -> binary(a, (x, y) -> x * y), a -> Tensor.meta(a.tensor(0).dtype(), Shapes.broadcast(a.tensor(0).shape(), a.tensor(1).shape())));
    public static final OpDef RELU = register("test::relu(Tensor self) -> Tensor",
            a -> map(a.tensor(0), x -> Math.max(x, 0)), TestOps::sameShape);
    public static final OpDef SCALE = register("test::scale(Tensor self, float alpha) -> Tensor",
            a -> map(a.tensor(0), x -> x * a.real(1)), TestOps::sameShape);
    public static final OpDef VIEW = register("test::view(Tensor(a) self, SymInt[] size) -> Tensor(a)",
            a -> view(a.tensor(0), a.ints(1)), a -> Tensor.meta(a.tensor(0).dtype(), a.ints(1)));
    public static final OpDef T = register("test::t(Tensor(a) self) -> Tensor(a)",
            a -> transpose(a.tensor(0)), a -> Tensor.meta(a.tensor(0).dtype(), transpose(a.tensor(0).toMeta()).shape()));
    public static final OpDef MATMUL = register("test::matmul(Tensor self, Tensor other) -> Tensor",
            TestOps::matmul, a -> Tensor.meta(a.tensor(0).dtype(), a.tensor(0).size(0), a.tensor(1).size(1)));
    public static final OpDef CAT = register("test::cat(Tensor[] tensors) -> Tensor", TestOps::cat, a -> {
        Tensor[] ts = a.tensors(0);
        long[] s = ts[0].shape();
        s[0] = 0;
        for (Tensor t : ts) s[0] += t.size(0);
        return Tensor.meta(ts[0].dtype(), s);
    });
    public static final OpDef DROPOUT = register("test::dropout(Tensor input, float p, bool train) -> Tensor",
            a -> a.bool(2) ? map(a.tensor(0), x -> ThreadLocalRandom.current().nextDouble() < a.real(1) ? 0 : x / (1 - a.real(1))) : a.tensor(0),
            TestOps::sameShape);
    public static final OpDef RAND_LIKE = register("test::rand_like(Tensor self) -> Tensor",
            a -> map(a.tensor(0), x -> ThreadLocalRandom.current().nextDouble()), TestOps::sameShape);
    /** Has a shape rule but no kernel: folding must leave it alone. */
    public static final OpDef OPAQUE = register("test::opaque(Tensor self) -> Tensor", null, TestOps::sameShape);

    /** A float32 tensor of the given shape with reproducible pseudo-random values. */
    public static Tensor random(long seed, long... shape) {
        Random r = new Random(seed);
        float[] d = new float[Math.toIntExact(Shapes.numel(shape))];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    private static OpDef register(String schema, Function<Args, Tensor> kernel, Function<Args, Tensor> shape) {
        OpRegistry r = AtenOps.registry();
        String name = schema.substring(0, schema.indexOf('('));
        synchronized (TestOps.class) {
            if (r.contains(name)) return r.get(name);
            return r.register(schema, kernel == null ? null : Kernel.single(kernel), ShapeRule.single(shape));
        }
    }

    private static Tensor sameShape(Args a) { return a.tensor(0).toMeta(); }

    private static Tensor map(Tensor t, java.util.function.DoubleUnaryOperator f) {
        double[] x = t.toDoubleArray();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) f.applyAsDouble(x[i]);
        return Tensor.of(out, t.shape());
    }

    private static Tensor binary(Args a, DoubleBinaryOperator f) {
        long[] shape = Shapes.broadcast(a.tensor(0).shape(), a.tensor(1).shape());
        double[] x = Shapes.broadcastTo(a.tensor(0), shape).toDoubleArray();
        double[] y = Shapes.broadcastTo(a.tensor(1), shape).toDoubleArray();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) f.applyAsDouble(x[i], y[i]);
        return Tensor.of(out, shape);
    }

    private static Tensor view(Tensor t, long[] size) {
        if (Shapes.numel(size) != t.numel() || !t.isContiguous()) {
            throw new IllegalArgumentException("test::view: cannot view " + t + " as " + java.util.Arrays.toString(size));
        }
        return t.asStrided(size, Shapes.contiguousStrides(size), t.offset());
    }

    private static Tensor transpose(Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("test::t: expected a 2-d tensor, got " + t);
        return t.asStrided(new long[] {t.size(1), t.size(0)}, new long[] {t.stride(1), t.stride(0)}, t.offset());
    }

    private static Tensor matmul(Args a) {
        Tensor x = a.tensor(0), y = a.tensor(1);
        long n = x.size(0), k = x.size(1), m = y.size(1);
        float[] out = new float[Math.toIntExact(n * m)];
        for (long i = 0; i < n; i++) {
            for (long j = 0; j < m; j++) {
                double s = 0;
                for (long p = 0; p < k; p++) s += x.getDouble(i, p) * y.getDouble(p, j);
                out[(int) (i * m + j)] = (float) s;
            }
        }
        return Tensor.of(out, n, m);
    }

    private static Tensor cat(Args a) {
        Tensor[] ts = a.tensors(0);
        long rows = 0;
        for (Tensor t : ts) rows += t.size(0);
        long[] shape = ts[0].shape();
        shape[0] = rows;
        float[] out = new float[Math.toIntExact(Shapes.numel(shape))];
        int k = 0;
        for (Tensor t : ts) for (double v : t.toDoubleArray()) out[k++] = (float) v;
        return Tensor.of(out, shape);
    }
}
