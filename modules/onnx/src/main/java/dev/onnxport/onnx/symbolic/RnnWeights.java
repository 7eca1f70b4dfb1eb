package dev.onnxport.onnx.symbolic;

import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.symbolic.RnnSymbolics.Cell;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The flat PyTorch parameter list of a recurrent op (per layer and direction: w_ih, w_hh[, b_ih, b_hh])
 * as ONNX's W [dirs, G*H, in], R [dirs, G*H, H] and B [dirs, 2*G*H], gate blocks in ONNX order. Known
 * tensors (state-dict initializers, traced constants) are reordered during export into new constants;
 * graph-computed ones are reordered in the graph with a Gather of their rows.
 */
final class RnnWeights {
    private final SymbolicContext g;
    private final Cell cell;
    private final boolean biases;
    private final int dirs;
    private final List<Value> params;
    private final int hidden;

    RnnWeights(SymbolicContext g, int arg, Cell cell, boolean biases, int layers, int dirs) {
        this.g = g;
        this.cell = cell;
        this.biases = biases;
        this.dirs = dirs;
        Node list = g.node().input(arg).producer();
        if (list == null || !list.kind().equals(Node.LIST_CONSTRUCT)) throw g.error("params is not a list of tensors", "pass the weights as a list");
        this.params = list.inputs();
        int per = biases ? 4 : 2;
        if (params.size() != layers * dirs * per) {
            if (cell == Cell.LSTM && params.size() == layers * dirs * (per + 1)) {
                throw OnnxOps.notExpressible(g, "LSTM with proj_size: ONNX's LSTM has no output projection", 0);
            }
            throw g.error("params has " + params.size() + " tensors for " + layers + " layers x " + dirs + " directions",
                    "pass w_ih, w_hh" + (biases ? ", b_ih, b_hh" : "") + " per layer and direction");
        }
        this.hidden = (int) (params.get(0).type().shape()[0] / cell.gates());
    }

    int hidden() { return hidden; }

    Value input(int layer, DType d) { return stacked(layer, 0, d); }

    Value recurrent(int layer, DType d) { return stacked(layer, 1, d); }

    /** [dirs, 2*G*H]: b_ih then b_hh per direction; null without biases (ONNX then uses zeros). */
    Value bias(int layer, DType d) {
        if (!biases) return null;
        List<Object> rows = new ArrayList<>();
        for (int k = 0; k < dirs; k++) {
            Object bi = gates(index(layer, k) + 2, d), bh = gates(index(layer, k) + 3, d);
            if (bi instanceof Tensor a && bh instanceof Tensor b) rows.add(concat(a, b));
            else rows.add(g.op("Concat", value(bi), value(bh)).attr("axis", 0L).output());
        }
        return stack(rows);
    }

    private int index(int layer, int dir) { return (layer * dirs + dir) * (biases ? 4 : 2); }

    /** Parameter {@code which} (0: w_ih, 1: w_hh) of each direction, stacked to [dirs, ...]. */
    private Value stacked(int layer, int which, DType d) {
        List<Object> rows = new ArrayList<>();
        for (int k = 0; k < dirs; k++) rows.add(gates(index(layer, k) + which, d));
        return stack(rows);
    }

    /** Tensors stack into one constant; otherwise each gets a leading dim and they are concatenated. */
    private Value stack(List<Object> rows) {
        if (rows.stream().allMatch(r -> r instanceof Tensor)) {
            Tensor first = (Tensor) rows.get(0);
            long[] shape = new long[first.dim() + 1];
            shape[0] = rows.size();
            System.arraycopy(first.shape(), 0, shape, 1, first.dim());
            double[] all = new double[(int) (first.numel() * rows.size())];
            int at = 0;
            for (Object r : rows) {
                double[] v = ((Tensor) r).toDoubleArray();
                System.arraycopy(v, 0, all, at, v.length);
                at += v.length;
            }
            return g.constant(Tensor.of(all, shape).to(first.dtype()));
        }
        Value[] parts = new Value[rows.size()];
        for (int k = 0; k < parts.length; k++) parts[k] = OnnxOps.unsqueeze(g, value(rows.get(k)), 0);
        return parts.length == 1 ? parts[0] : g.op("Concat", parts).attr("axis", 0L).output();
    }

    private Value value(Object o) { return o instanceof Tensor t ? g.constant(t) : (Value) o; }

    /** Parameter {@code k} with its gate blocks (along dim 0) in ONNX order: a Tensor when known, else a Value. */
    private Object gates(int k, DType d) {
        Value v = params.get(k);
        Tensor known = known(v);
        int[] order = cell.order;
        boolean identity = order.length == 1;
        if (known != null) return identity ? known.to(d) : reorder(known, order).to(d);
        Value x = OnnxOps.cast(g, v, d);
        if (identity) return x;
        long[] rows = new long[order.length * hidden];
        for (int j = 0; j < order.length; j++) for (int r = 0; r < hidden; r++) rows[j * hidden + r] = (long) order[j] * hidden + r;
        return g.op("Gather", x, g.constantLongs(rows)).attr("axis", 0L).output();
    }

    /** The tensor behind a traced value when it is known during export, else null. */
    private static Tensor known(Value v) {
        if (v.isInitializer()) return v.data();
        Node p = v.producer();
        if (p != null && p.isConstant() && p.constantValue() instanceof Tensor t) return t;
        return null;
    }

    private Tensor reorder(Tensor t, int[] order) {
        double[] v = t.toDoubleArray();
        long rowLen = t.numel() / t.shape()[0];
        int block = (int) (hidden * rowLen);
        double[] out = new double[v.length];
        for (int j = 0; j < order.length; j++) System.arraycopy(v, order[j] * block, out, j * block, block);
        return Tensor.of(out, t.shape()).to(t.dtype());
    }

    private static Tensor concat(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        return Tensor.of(all, all.length).to(a.dtype());
    }
}
