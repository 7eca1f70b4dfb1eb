package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The ops registered beside the ops-more fixture ops that no fixture covers (other overloads and close relatives),
 * with hand-checked values (PyTorch 1.13 semantics).
 */
class ExtraOpsTest {
    private static Tensor[] call(String op, Object... args) { return AtenOps.registry().get(op).call(args); }

    private static double[] d(Tensor t) { return t.toDoubleArray(); }

    @Test
    void unaryRelatives() {
        Tensor x = Tensor.of(new double[] {-1.5, 0, 2}, 3);
        assertArrayEquals(new double[] {Math.expm1(-1.5), 0, Math.expm1(2)}, d(call("aten::expm1", x)[0]), 1e-12);
        assertArrayEquals(new double[] {Math.pow(2, -1.5), 1, 4}, d(call("aten::exp2", x)[0]), 1e-12);
        assertArrayEquals(new double[] {Math.cosh(-1.5), 1, Math.cosh(2)}, d(call("aten::cosh", x)[0]), 1e-12);
        assertArrayEquals(new double[] {Math.sinh(-1.5), 0, Math.sinh(2)}, d(call("aten::sinh", x)[0]), 1e-12);
        assertArrayEquals(new double[] {-1, 0, 2}, d(call("aten::trunc", x)[0]), 0);
        assertArrayEquals(new double[] {-1, 0, 2}, d(call("aten::fix", x)[0]), 0);
    }

    @Test
    void shapeRelatives() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
        assertArrayEquals(new long[] {3, 1, 2}, call("aten::movedim.int", x, 2L, 0L)[0].shape());
        Tensor[] grid = call("aten::meshgrid", (Object) new Tensor[] {Tensor.of(new long[] {1, 2}, 2), Tensor.of(new long[] {7, 8, 9}, 3)});
        assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, d(grid[0]), 0);
        assertArrayEquals(new double[] {7, 8, 9, 7, 8, 9}, d(grid[1]), 0);
        Tensor e = call("aten::new_empty", x, new long[] {2, 2})[0];
        assertArrayEquals(new long[] {2, 2}, e.shape());
    }

    @Test
    void paddingRelatives() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 1, 3);
        assertArrayEquals(new double[] {3, 1, 2, 3, 1}, d(call("aten::_pad_circular", x, new long[] {1, 1})[0]), 0);
        Tensor cube = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        assertArrayEquals(new long[] {1, 2, 2, 4}, call("aten::reflection_pad3d", cube, new long[] {1, 1, 0, 0, 0, 0})[0].shape());
        assertArrayEquals(new double[] {2, 1, 2, 1}, java.util.Arrays.copyOf(d(call("aten::reflection_pad3d", cube, new long[] {1, 1, 0, 0, 0, 0})[0]), 4), 0);
    }

    @Test
    void windowsSoftmaxCellsDropout() {
        // hann_window(4) is periodic: 0.5 - 0.5 cos(2 pi k / 4)
        assertArrayEquals(new double[] {0, 0.5, 1, 0.5}, d(call("aten::hann_window", 4L, DType.FLOAT64)[0]), 1e-12);
        Tensor s = call("aten::_softmax", Tensor.of(new double[] {0, Math.log(3)}, 2), 0L, false)[0];
        assertArrayEquals(new double[] {0.25, 0.75}, d(s), 1e-12);
        // relu(x W^T + b + h U^T + c) with 1x1 weights
        Tensor h = call("aten::rnn_relu_cell", Tensor.of(new double[] {2}, 1, 1), Tensor.of(new double[] {-1}, 1, 1),
                Tensor.of(new double[] {3}, 1, 1), Tensor.of(new double[] {4}, 1, 1), null, null)[0];
        assertArrayEquals(new double[] {2}, d(h), 0);
        Tensor x = Tensor.of(new float[] {1, -2}, 2);
        assertArrayEquals(new double[] {1, -2}, d(call("aten::feature_alpha_dropout", x, 0.5, false)[0]), 0);
        assertThrows(IllegalArgumentException.class, () -> call("aten::feature_alpha_dropout", x, 0.5, true));
    }
}
