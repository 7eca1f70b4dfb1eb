package dev.onnxport.onnx.symbolic;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * lstm/gru/rnn_tanh/rnn_relu ({@code .input} overloads) as one ONNX LSTM/GRU/RNN node per layer. PyTorch's
 * per-gate weight blocks are reordered to ONNX's gate order (see {@link RnnWeights}); the sequence runs
 * time-major, so batch_first inputs and outputs are transposed; Y [seq, dirs, batch, H] becomes PyTorch's
 * [seq, batch, dirs * H].
 */
final class RnnSymbolics {
    private RnnSymbolics() {}

    /** A recurrent cell kind: its ONNX op, gate count, and the PyTorch block feeding each ONNX gate. */
    enum Cell {
        LSTM("LSTM", new int[] {0, 3, 1, 2}, null),   // PyTorch i, f, g, o -> ONNX i, o, f, c
        GRU("GRU", new int[] {1, 0, 2}, null),        // PyTorch r, z, n -> ONNX z, r, h
        TANH("RNN", new int[] {0}, "Tanh"),
        RELU("RNN", new int[] {0}, "Relu");

        final String onnx;
        final int[] order;
        final String activation;

        Cell(String onnx, int[] order, String activation) {
            this.onnx = onnx;
            this.order = order;
            this.activation = activation;
        }

        int gates() { return order.length; }
    }

    static void register(SymbolicTable t) {
        t.add("aten::lstm.input", 7, g -> lower(g, Cell.LSTM));
        t.add("aten::gru.input", 7, g -> lower(g, Cell.GRU));
        t.add("aten::rnn_tanh.input", 7, g -> lower(g, Cell.TANH));
        t.add("aten::rnn_relu.input", 7, g -> lower(g, Cell.RELU));
    }

    private static Value[] lower(SymbolicContext g, Cell cell) {
        boolean biases = (Boolean) g.constant(3);
        int layers = (int) (long) (Long) g.constant(4);
        double dropout = ((Number) g.constant(5)).doubleValue();
        boolean train = (Boolean) g.constant(6);
        int dirs = (Boolean) g.constant(7) ? 2 : 1;
        boolean batchFirst = (Boolean) g.constant(8);
        RnnWeights w = new RnnWeights(g, 2, cell, biases, layers, dirs);
        DType d = OnnxOps.outDtype(g, 0);
        Value[] states = cell == Cell.LSTM ? g.listInput(1) : new Value[] {g.input(1)};

        Value y = OnnxOps.cast(g, g.input(0), d);
        if (batchFirst) y = g.op("Transpose", y).attr("perm", new long[] {1, 0, 2}).output();
        List<Value> hn = new ArrayList<>(), cn = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            long[] rows = new long[dirs];
            for (int k = 0; k < dirs; k++) rows[k] = (long) l * dirs + k;
            Value h0 = layerState(g, states[0], rows, d);
            Value c0 = cell == Cell.LSTM ? layerState(g, states[1], rows, d) : null;
            SymbolicContext.NodeBuilder b = cell == Cell.LSTM
                    ? g.op("LSTM", y, w.input(l, d), w.recurrent(l, d), w.bias(l, d), null, h0, c0)
                    : g.op(cell.onnx, y, w.input(l, d), w.recurrent(l, d), w.bias(l, d), null, h0);
            b.attr("hidden_size", (long) w.hidden()).attr("direction", dirs == 2 ? "bidirectional" : "forward");
            if (cell == Cell.GRU) b.attr("linear_before_reset", 1L);   // PyTorch applies r after the recurrent product
            if (cell.activation != null) {
                b.attr("activations", dirs == 2 ? new String[] {cell.activation, cell.activation} : new String[] {cell.activation});
            }
            Value[] outs = b.outputs(cell == Cell.LSTM ? 3 : 2);
            y = dirs == 1 ? OnnxOps.squeeze(g, outs[0], 1)
                    : g.op("Reshape", g.op("Transpose", outs[0]).attr("perm", new long[] {0, 2, 1, 3}).output(),
                            g.constantLongs(0, 0, -1)).output();
            hn.add(outs[1]);
            if (cell == Cell.LSTM) cn.add(outs[2]);
            if (l < layers - 1) y = EmbeddingDropoutDistanceSymbolics.dropout(g, y, dropout, train);
        }
        Value out = batchFirst ? g.op("Transpose", y).attr("perm", new long[] {1, 0, 2}).output() : y;
        if (cell == Cell.LSTM) return new Value[] {out, concat(g, hn), concat(g, cn)};
        return new Value[] {out, concat(g, hn)};
    }

    /** The initial states of one layer's directions: rows of [layers * dirs, batch, H]. */
    private static Value layerState(SymbolicContext g, Value state, long[] rows, DType d) {
        Type t = g.type(state);
        Value s = OnnxOps.cast(g, state, d);
        if (t != null && t.hasShape() && t.symbol(0) == null && t.shape()[0] == rows.length) return s;
        return g.op("Gather", s, g.constantLongs(rows)).attr("axis", 0L).output();
    }

    private static Value concat(SymbolicContext g, List<Value> parts) {
        return parts.size() == 1 ? parts.get(0) : g.op("Concat", parts.toArray(new Value[0])).attr("axis", 0L).output();
    }
}
