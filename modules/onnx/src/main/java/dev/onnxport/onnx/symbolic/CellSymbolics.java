package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.add;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.sub;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * One step of the recurrent cells (lstm_cell, gru_cell, rnn_tanh/relu_cell) as MatMuls and gate arithmetic, fake
 * quantization as arithmetic (PyTorch's float32 rounding, exactly), conv_tbc and the generic convolution.
 */
final class CellSymbolics {
    private CellSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::lstm_cell", 7, g -> {
            DType d = outDtype(g, 0);
            Value[] hx = g.listInput(1);
            Value h = cast(g, hx[0], d), c = cast(g, hx[1], d);
            long hidden = OnnxOps.inType(g, 3).shape()[1];
            Value gates = add(g, linear(g, cast(g, g.input(0), d), 2, 4, d), linear(g, h, 3, 5, d));
            Value[] q = chunks(g, gates, 4, hidden);
            Value c2 = add(g, mul(g, typed(g, "Sigmoid", q[1]), c), mul(g, typed(g, "Sigmoid", q[0]), typed(g, "Tanh", q[2])));
            return new Value[] {mul(g, typed(g, "Sigmoid", q[3]), typed(g, "Tanh", c2)), c2};
        });
        t.add("aten::gru_cell", 7, g -> {
            DType d = outDtype(g, 0);
            Value h = cast(g, g.input(1), d);
            long hidden = OnnxOps.inType(g, 3).shape()[1];
            Value[] gi = chunks(g, linear(g, cast(g, g.input(0), d), 2, 4, d), 3, hidden);
            Value[] gh = chunks(g, linear(g, h, 3, 5, d), 3, hidden);
            Value r = typed(g, "Sigmoid", add(g, gi[0], gh[0]));
            Value z = typed(g, "Sigmoid", add(g, gi[1], gh[1]));
            Value n = typed(g, "Tanh", add(g, gi[2], mul(g, r, gh[2])));
            return one(add(g, n, mul(g, z, sub(g, h, n))));
        });
        for (String[] act : new String[][] {{"tanh", "Tanh"}, {"relu", "Relu"}}) {
            t.add("aten::rnn_" + act[0] + "_cell", 7, g -> {
                DType d = outDtype(g, 0);
                Value s = add(g, linear(g, cast(g, g.input(0), d), 2, 4, d), linear(g, cast(g, g.input(1), d), 3, 5, d));
                return one(typed(g, act[1], s));
            });
        }
        t.add("aten::fake_quantize_per_tensor_affine", 7, g -> {
            double scale = ((Number) g.constant(1)).doubleValue();
            long zp = (Long) g.constant(2);
            return one(fakeQuant(g, g.constant(Tensor.scalar((float) (1.0 / scale), DType.FLOAT32)),
                    g.constant(Tensor.scalar((double) (float) scale, DType.FLOAT32)), g.constant(Tensor.scalar((double) zp, DType.FLOAT32)),
                    (Long) g.constant(3), (Long) g.constant(4)));
        });
        t.add("aten::fake_quantize_per_channel_affine", 7, g -> {
            int rank = OnnxOps.inRank(g, 0);
            long axis = OnnxOps.normDim((Long) g.constant(3), rank);
            long[] shape = new long[rank];
            java.util.Arrays.fill(shape, 1);
            shape[(int) axis] = -1;
            Value scale = g.op("Reshape", cast(g, g.input(1), DType.FLOAT32), g.constantLongs(shape)).output();
            Value zp = g.op("Reshape", cast(g, g.input(2), DType.FLOAT32), g.constantLongs(shape)).output();
            Value inv = g.op("Reciprocal", scale).output();
            return one(fakeQuant(g, inv, scale, zp, (Long) g.constant(4), (Long) g.constant(5)));
        });
        t.add("aten::conv_tbc", 7, g -> {
            DType d = outDtype(g, 0);
            Value x = g.op("Transpose", cast(g, g.input(0), d)).attr("perm", new long[] {1, 2, 0}).output();
            Value w = g.op("Transpose", cast(g, g.input(1), d)).attr("perm", new long[] {2, 1, 0}).output();
            long k = OnnxOps.inType(g, 1).shape()[0], pad = (Long) g.constant(3);
            Value y = g.op("Conv", x, w, cast(g, g.input(2), d)).attr("kernel_shape", new long[] {k}).attr("pads", new long[] {pad, pad})
                    .output();
            return one(g.op("Transpose", y).attr("perm", new long[] {2, 0, 1}).output());
        });
        t.add("aten::convolution", 7, g -> {
            DType d = outDtype(g, 0);
            long[] ws = OnnxOps.inType(g, 1).shape();
            int n = ws.length - 2;
            long[] stride = ConvPoolForms.ints(g, 3, n), pad = ConvPoolForms.ints(g, 4, n), dil = ConvPoolForms.ints(g, 5, n);
            boolean transposed = (Boolean) g.constant(6);
            long groups = (Long) g.constant(8);
            Value x = cast(g, g.input(0), d), w = cast(g, g.input(1), d);
            Value[] in = g.isNone(2) ? new Value[] {x, w} : new Value[] {x, w, cast(g, g.input(2), d)};
            long[] pads = new long[2 * n];
            for (int k = 0; k < n; k++) { pads[k] = pad[k]; pads[k + n] = pad[k]; }
            SymbolicContext.NodeBuilder b = g.op(transposed ? "ConvTranspose" : "Conv", in)
                    .attr("kernel_shape", java.util.Arrays.copyOfRange(ws, 2, ws.length)).attr("strides", stride).attr("pads", pads)
                    .attr("dilations", dil);
            if (transposed) {
                long[] outPad = ConvPoolForms.ints(g, 7, n);
                if (!ConvPoolForms.allEqual(outPad, 0)) b.attr("output_padding", outPad);
            }
            if (groups != 1) b.attr("group", groups);
            return one(b.output());
        });
    }

    /** {@code x W^T + b} with the weight at input {@code w} and the bias (optional) at input {@code b}. */
    private static Value linear(SymbolicContext g, Value x, int w, int b, DType d) {
        Value wt = g.op("Transpose", cast(g, g.input(w), d)).attr("perm", new long[] {1, 0}).output();
        Value y = g.op("MatMul", x, wt).output();
        return g.isNone(b) ? y : add(g, y, cast(g, g.input(b), d));
    }

    private static Value[] chunks(SymbolicContext g, Value v, int n, long size) {
        Value[] out = new Value[n];
        for (int k = 0; k < n; k++) out[k] = ShapeForms.slice(g, v, 1, k * size, (k + 1) * size);
        return out;
    }

    /** (clamp(zp + round(x * inv), qmin, qmax) - zp) * scale, in float32. */
    private static Value fakeQuant(SymbolicContext g, Value inv, Value scale, Value zp, long qmin, long qmax) {
        DType d = outDtype(g, 0);
        Value x = cast(g, g.input(0), DType.FLOAT32);
        Value q = add(g, UnarySymbolics.round(g, mul(g, x, inv)), zp);
        q = OnnxOps.maxMin(g, "Max", q, g.constant(Tensor.scalar((double) qmin, DType.FLOAT32)));
        q = OnnxOps.maxMin(g, "Min", q, g.constant(Tensor.scalar((double) qmax, DType.FLOAT32)));
        return cast(g, mul(g, sub(g, q, zp), scale), d);
    }
}
