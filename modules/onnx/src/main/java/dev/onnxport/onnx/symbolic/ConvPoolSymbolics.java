package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.ConvPoolForms.ints;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.pads;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import java.util.Arrays;

/** Symbolic functions for convolutions, transposed convolutions, pooling and im2col. */
final class ConvPoolSymbolics {
    private ConvPoolSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::conv1d", 7, g -> one(conv(g, 1)));
        t.add("aten::conv2d", 7, g -> one(conv(g, 2)));
        t.add("aten::conv3d", 7, g -> one(conv(g, 3)));
        t.add("aten::conv_transpose1d", 7, g -> one(convTranspose(g, 1)));
        t.add("aten::conv_transpose2d.input", 7, g -> one(convTranspose(g, 2)));
        t.add("aten::conv_transpose3d.input", 7, g -> one(convTranspose(g, 3)));
        PoolSymbolics.register(t);
        PoolAdaptive.register(t);
        ConvIm2col.register(t);
    }

    /** conv{n}d(input, weight, bias, stride, padding, dilation, groups) as one Conv. */
    private static Value conv(SymbolicContext g, int n) {
        DType d = OnnxOps.outDtype(g, 0);
        long[] stride = ints(g, 3, n), pad = ints(g, 4, n), dil = ints(g, 5, n);
        long groups = (Long) g.constant(6);
        SymbolicContext.NodeBuilder b = g.op("Conv", inputs(g, d)).attr("kernel_shape", kernel(g))
                .attr("strides", stride).attr("pads", pads(pad, pad)).attr("dilations", dil);
        if (groups != 1) b.attr("group", groups);
        return b.output();
    }

    /** conv_transpose{n}d(input, weight, bias, stride, padding, output_padding, groups, dilation) as one ConvTranspose. */
    private static Value convTranspose(SymbolicContext g, int n) {
        DType d = OnnxOps.outDtype(g, 0);
        long[] stride = ints(g, 3, n), pad = ints(g, 4, n), outPad = ints(g, 5, n), dil = ints(g, 7, n);
        long groups = (Long) g.constant(6);
        SymbolicContext.NodeBuilder b = g.op("ConvTranspose", inputs(g, d)).attr("kernel_shape", kernel(g))
                .attr("strides", stride).attr("pads", pads(pad, pad)).attr("dilations", dil);
        if (!ConvPoolForms.allEqual(outPad, 0)) b.attr("output_padding", outPad);
        if (groups != 1) b.attr("group", groups);
        return b.output();
    }

    /** Input, weight and (when given) bias, in the output dtype. */
    private static Value[] inputs(SymbolicContext g, DType d) {
        OnnxOps.computeType(g, "Conv", d);   // fails clearly for dtypes Conv does not take
        Value x = OnnxOps.cast(g, g.input(0), d), w = OnnxOps.cast(g, g.input(1), d);
        return g.isNone(2) ? new Value[] {x, w} : new Value[] {x, w, OnnxOps.cast(g, g.input(2), d)};
    }

    /** The kernel's spatial sizes: the weight's dims after the first two (known while tracing). */
    private static long[] kernel(SymbolicContext g) {
        long[] w = OnnxOps.inType(g, 1).shape();
        return Arrays.copyOfRange(w, 2, w.length);
    }
}
