package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.ints;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.range;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.take;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;

/**
 * im2col (unfold) of a [N, C, H, W] input to [N, C*kh*kw, L]: zero Pad, then for each kernel offset (i, j) the
 * strided grid of rows and columns it touches (two Gathers with static indices), stacked in (c, i, j) order.
 */
final class ConvIm2col {
    private ConvIm2col() {}

    static void register(SymbolicTable t) {
        t.add("aten::im2col", 7, g -> one(im2col(g)));
    }

    /** im2col(self, kernel_size, dilation, padding, stride). */
    private static Value im2col(SymbolicContext g) {
        long[] k = ints(g, 1, 2), dil = ints(g, 2, 2), pad = ints(g, 3, 2), stride = ints(g, 4, 2);
        long[] in = ConvPoolForms.staticSpatial(g, 0, 2);
        if (in == null) throw new NotExpressible("im2col needs a static input height and width", 0);
        long[] out = new long[2];
        for (int a = 0; a < 2; a++) out[a] = ConvPoolForms.pooledSize(in[a], k[a], stride[a], pad[a], dil[a], false);
        Value x = OnnxOps.cast(g, g.input(0), OnnxOps.computeType(g, "Pad", OnnxOps.outDtype(g, 0)));
        int rank = OnnxOps.inRank(g, 0);   // 4, or 3 for an unbatched input
        x = ConvPoolForms.zeroPad(g, x, ConvPoolForms.spatialPads(rank, pad, pad));
        Value[] blocks = new Value[(int) (k[0] * k[1])];
        for (int i = 0; i < k[0]; i++) {
            Value rows = take(g, x, rank - 2, range(i * dil[0], i * dil[0] + out[0] * stride[0], stride[0]));
            for (int j = 0; j < k[1]; j++) {
                Value cols = take(g, rows, rank - 1, range(j * dil[1], j * dil[1] + out[1] * stride[1], stride[1]));
                blocks[(int) (i * k[1] + j)] = OnnxOps.unsqueeze(g, cols, rank - 2);
            }
        }
        Value stacked = blocks.length == 1 ? blocks[0] : g.op("Concat", blocks).attr("axis", (long) rank - 2).output();
        long cells = out[0] * out[1];
        Value r = rank == 4 ? ConvPoolForms.reshape(g, stacked, 0, -1, cells) : ConvPoolForms.reshape(g, stacked, -1, cells);
        return OnnxOps.cast(g, r, OnnxOps.outDtype(g, 0));
    }
}
