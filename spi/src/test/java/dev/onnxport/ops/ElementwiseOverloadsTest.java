package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The elementwise overloads models and the functional API use that the PyTorch fixtures do not cover,
 * with hand-checked values (PyTorch 1.13 semantics), plus broadcasting over strided views.
 */
class ElementwiseOverloadsTest {
    private static Tensor call(String op, Object... args) {
        return AtenOps.registry().get(op).call1(args);
    }

    private static boolean[] bools(Tensor t) {
        long[] v = t.toLongArray();
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i] != 0;
        return b;
    }

    @Test
    void subScalarWithAlphaKeepsDtype() {
        Tensor f = call("aten::sub.Scalar", Tensor.of(new float[] {1, 2, 3}), 0.5, 2L);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {0, 1, 2}, f.floats());
        Tensor i = call("aten::sub.Scalar", Tensor.of(new long[] {5, -1}), 2L, 1L);
        assertEquals(DType.INT64, i.dtype());
        assertArrayEquals(new long[] {3, -3}, i.toLongArray());
        // an int tensor minus a float scalar is float32
        assertEquals(DType.FLOAT32, call("aten::sub.Scalar", Tensor.of(new long[] {5}), 0.5, 1L).dtype());
    }

    @Test
    void divScalarIsTrueDivision() {
        Tensor q = call("aten::div.Scalar", Tensor.of(new long[] {1, 2, -3}), 2L);
        assertEquals(DType.FLOAT32, q.dtype());
        assertArrayEquals(new float[] {0.5f, 1f, -1.5f}, q.floats());
        Tensor d = call("aten::div.Scalar", Tensor.of(new double[] {1, -1, 0}), 0.0);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}, d.toDoubleArray());
    }

    @Test
    void comparisonsWithScalarsCompareInThePromotedDtype() {
        // 0.1 is rounded to float32 before comparing, so a float32 0.1 equals it
        assertArrayEquals(new boolean[] {true, false}, bools(call("aten::eq.Scalar", Tensor.of(new float[] {0.1f, 0.2f}), 0.1)));
        Tensor ints = Tensor.of(new long[] {1, 2, 3});
        assertArrayEquals(new boolean[] {true, false, false}, bools(call("aten::lt.Scalar", ints, 1.5)));
        assertArrayEquals(new boolean[] {true, true, false}, bools(call("aten::le.Scalar", ints, 2L)));
        assertArrayEquals(new boolean[] {false, true, true}, bools(call("aten::ge.Scalar", ints, 2L)));
        assertEquals(DType.BOOL, call("aten::ge.Scalar", ints, 2L).dtype());
    }

    @Test
    void tensorComparisonsBroadcastAndTreatNanAsUnequal() {
        Tensor a = Tensor.of(new float[] {1, 5, Float.NaN, 2}, 2, 2);
        Tensor b = Tensor.of(new float[] {2, 1});
        Tensor gt = call("aten::gt.Tensor", a, b);
        assertArrayEquals(new long[] {2, 2}, gt.shape());
        assertArrayEquals(new boolean[] {false, true, false, true}, bools(gt));
        assertArrayEquals(new boolean[] {true, true, true, true}, bools(call("aten::ne.Tensor", a, b)));
        Tensor self = Tensor.of(new float[] {Float.NaN});
        assertArrayEquals(new boolean[] {true}, bools(call("aten::ne.Tensor", self, self)));
    }

    @Test
    void shapeRulesOfTheScalarOverloads() {
        Tensor m = Tensor.meta(DType.INT64, 2, 3);
        assertEquals(DType.FLOAT32, call("aten::div.Scalar", m, 2L).dtype());
        assertEquals(DType.FLOAT32, call("aten::sub.Scalar", m, 1.5, 1L).dtype());
        Tensor gt = call("aten::gt.Tensor", m, Tensor.meta(DType.FLOAT32, 3));
        assertEquals(DType.BOOL, gt.dtype());
        assertArrayEquals(new long[] {2, 3}, gt.shape());
        assertEquals(DType.BOOL, call("aten::eq.Scalar", m, 1L).dtype());
    }

    @Test
    void integerDivisionFollowsPythonAndCRules() {
        Tensor a = Tensor.of(new long[] {-7, 7, -7, 7});
        Tensor b = Tensor.of(new long[] {2, -2, -2, 2});
        assertArrayEquals(new long[] {1, -1, -1, 1}, call("aten::remainder.Tensor", a, b).toLongArray());
        assertArrayEquals(new long[] {-1, 1, -1, 1}, call("aten::fmod.Tensor", a, b).toLongArray());
        assertArrayEquals(new long[] {-4, -4, 3, 3}, call("aten::floor_divide", a, b).toLongArray());
        assertArrayEquals(new float[] {-3.5f, -3.5f, 3.5f, 3.5f}, call("aten::div.Tensor", a, b).floats());
        assertThrows(ArithmeticException.class, () -> call("aten::remainder.Tensor", a, Tensor.of(new long[] {0})));
    }

    @Test
    void stridedAndBroadcastViewsAreRead() {
        // x = [[0, 1, 2], [3, 4, 5]] transposed to 3x2: [[0, 3], [1, 4], [2, 5]]
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor xt = x.asStrided(new long[] {3, 2}, new long[] {1, 3}, 0);
        Tensor col = Tensor.of(new float[] {10, 20, 30}, 3, 1);
        Tensor sum = call("aten::add.Tensor", xt, col, 1L);
        assertArrayEquals(new float[] {10, 13, 21, 24, 32, 35}, sum.floats());
        Tensor sm = call("aten::softmax.int", xt, 0L, null);
        double e = Math.exp(1), z = 1 + e + e * e;
        assertArrayEquals(new float[] {(float) (1 / z), (float) (1 / z), (float) (e / z), (float) (e / z),
            (float) (e * e / z), (float) (e * e / z)}, sm.floats(), 1e-7f);
    }

    @Test
    void erfIsAccurate() {
        // reference values from Python's math.erf
        double[] x = {0.5, 1, 2, 3.5, -0.1, 1e-5, 4.5, 0};
        double[] want = {0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999992569016276,
            -0.1124629160182849, 1.1283791670579e-05, 0.9999999998033839, 0};
        double[] got = call("aten::erf", Tensor.of(x)).toDoubleArray();
        for (int i = 0; i < x.length; i++) assertEquals(want[i], got[i], Math.abs(want[i]) * 1e-14, "erf(" + x[i] + ")");
    }
}
