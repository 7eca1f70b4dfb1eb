package dev.onnxport.ops.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The float32 max pool equals the double reference path (the same input as float64) exactly, NaNs included. */
class MaxPoolF32Test {

    @ParameterizedTest(name = "{0}x{1}x{2}x{3} k={4} s={5} p={6} d={7} ceil={8}")
    @CsvSource({
        "1,1,1,1,1,1,0,1,false",
        "1,3,7,5,3,2,1,1,false",
        "2,5,17,19,3,2,1,1,true",
        "1,4,9,33,2,1,1,2,false",
        "3,2,11,10,5,3,2,1,true",
        "1,64,28,28,3,2,1,1,false",
    })
    void matchesTheDoublePath(int n, int c, int h, int w, int k, int s, int p, int d, boolean ceil) {
        Random rnd = new Random(n * 1000L + c * 100 + h * 10 + w);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(50) == 0 ? Float.NaN : (float) rnd.nextGaussian();
        Tensor f = Tensor.of(x, n, c, h, w);
        long[] kk = {k, k}, ss = {s, s}, pp = {p, p}, dd = {d, d};
        Tensor got = PoolKernels.maxPool("aten::max_pool2d", f, kk, ss, pp, dd, ceil);
        Tensor want = PoolKernels.maxPool("aten::max_pool2d", f.to(DType.FLOAT64), kk, ss, pp, dd, ceil);
        assertEquals(DType.FLOAT32, got.dtype());
        assertArrayEquals(want.shape(), got.shape());
        float[] g = got.floats();
        double[] e = want.toDoubleArray();
        for (int i = 0; i < g.length; i++) assertEquals((float) e[i], g[i], "element " + i);
    }
}
