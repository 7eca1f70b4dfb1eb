package dev.onnxport.verify;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * Deterministic inputs of another size, shaped like an example input: floats drawn from a standard normal
 * distribution, integers uniformly within the example's own min..max (so ids stay valid indices), bools at random.
 * The same seed, example and shape always give the same tensor.
 */
final class InputGenerator {
    private InputGenerator() {}

    static Tensor like(Tensor example, long[] shape, long seed) {
        Random r = new Random(seed);
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        DType d = example.dtype();
        if (d.isFloatingPoint()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
            return Tensor.of(v, shape).to(d);
        }
        if (d.isBool()) {
            boolean[] v = new boolean[n];
            for (int i = 0; i < n; i++) v[i] = r.nextBoolean();
            return Tensor.of(v, shape);
        }
        long[] seen = example.numel() == 0 ? new long[] {0} : example.toLongArray();
        long lo = Arrays.stream(seen).min().orElse(0), hi = Arrays.stream(seen).max().orElse(0);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = lo + (long) Math.floor(r.nextDouble() * (hi - lo + 1));
        return Tensor.of(v, shape).to(d);
    }
}
