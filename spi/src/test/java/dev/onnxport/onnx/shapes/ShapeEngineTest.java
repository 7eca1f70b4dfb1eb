package dev.onnxport.onnx.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shape engine on small ONNX graphs: named dims through broadcasting, MatMul, Gather and computed shapes. */
class ShapeEngineTest {
    private final Graph g = new Graph("t");
    private final ShapeEngine engine = new ShapeEngine();

    /** An input of these dims: a number is static, a name is a named dynamic dim (seen as 2, 3, 5, ...). */
    private Value input(DType d, Object... dims) {
        long[] sizes = new long[dims.length];
        for (int k = 0; k < dims.length; k++) sizes[k] = dims[k] instanceof Number n ? n.longValue() : k + 2;
        Type t = Type.tensor(d, sizes);
        for (int k = 0; k < dims.length; k++) if (dims[k] instanceof String s) t = t.withSymbol(k, s);
        return g.addInput("in" + g.inputs().size(), t);
    }

    private Value input(Object... dims) { return input(DType.FLOAT32, dims); }

    private Value constant(long... values) {
        Node c = g.body().append("onnx::Constant", null).setAttr("value", Tensor.of(values.clone(), values.length));
        return typed(c, 1)[0];
    }

    private Value scalar(long v) {
        Node c = g.body().append("onnx::Constant", null).setAttr("value", Tensor.scalar(v));
        return typed(c, 1)[0];
    }

    /** A node of the default domain, typed by the engine; attributes as name, value pairs. */
    private Value op(String type, List<Value> in, Object... attrs) { return ops(type, 1, in, attrs)[0]; }

    private Value[] ops(String type, int outputs, List<Value> in, Object... attrs) {
        Node n = g.body().append("onnx::" + type, null);
        for (Value v : in) n.addInput(v);
        for (int k = 0; k < attrs.length; k += 2) n.setAttr((String) attrs[k], attrs[k + 1]);
        return typed(n, outputs);
    }

    private Value[] typed(Node n, int outputs) {
        for (int k = 0; k < outputs; k++) n.addOutput(null);
        Type[] types = engine.types(n);
        for (int k = 0; k < outputs; k++) n.outputs().get(k).setType(types[k]);
        return n.outputs().toArray(new Value[0]);
    }

    /** The dims of a value as text: {@code [batch, seq, 64]}, {@code ?} for an unknown dim, {@code *} for an unknown shape. */
    private static String dims(Value v) {
        List<Dim> d = ShapeEngine.dims(v.type());
        return d == null ? "*" : d.toString();
    }

    @Test
    void broadcastingKeepsNames() {
        Value x = input("batch", "seq", 64), pos = input(1, "seq", 64);
        assertEquals("[batch, seq, 64]", dims(op("Add", List.of(x, pos))));
        assertEquals("[batch, seq]", dims(op("Mul", List.of(input("batch", 1), input("seq")))));
        assertEquals("[batch, 4, seq, seq]", dims(op("Add", List.of(input("batch", 4, "seq", "seq"), input("seq", "seq")))));
        // a static size other than 1 is the size; two different names could be either: unknown
        assertEquals("[5]", dims(op("Sub", List.of(input("batch"), input(5)))));
        assertEquals("[?]", dims(op("Add", List.of(input("batch"), input("seq")))));
        Value w = op("Where", List.of(input(DType.BOOL, "seq", "seq"), input(1), input("batch", 1, 1)));
        assertEquals("[batch, seq, seq]", dims(w));
        assertEquals(DType.FLOAT32, w.type().dtype());
        assertEquals(DType.BOOL, op("Less", List.of(x, pos)).type().dtype());
    }

    @Test
    void matMulAndGemmKeepNames() {
        assertEquals("[batch, seq, 1000]", dims(op("MatMul", List.of(input("batch", "seq", 64), input(64, 1000)))));
        assertEquals("[batch, 4, seq, seq]", dims(op("MatMul", List.of(input("batch", 4, "seq", 16), input("batch", 4, 16, "seq")))));
        assertEquals("[batch]", dims(op("MatMul", List.of(input("batch", 8), input(8)))));
        assertEquals("[seq]", dims(op("MatMul", List.of(input(8), input(8, "seq")))));
        assertEquals("[batch, 10]", dims(op("Gemm", List.of(input("batch", 8), input(10, 8)), "transB", 1L)));
    }

    @Test
    void gatherAndConcatKeepNames() {
        Value ids = input(DType.INT64, "batch", "seq");
        assertEquals("[batch, seq, 64]", dims(op("Gather", List.of(input(1000, 64), ids), "axis", 0L)));
        // seq + 1 has no name
        assertEquals("[batch, ?]", dims(op("Concat", List.of(input("batch", "seq"), input("batch", 1)), "axis", 1L)));
        assertEquals("[batch, seq]", dims(op("Concat", List.of(input("batch", "seq"), input("batch", 0)), "axis", 1L)));
        // dims off the axis are equal in every input: the best known one wins
        Value unknownRows = op("Add", List.of(input("a", 3), input("b", 3)));
        assertEquals("[?, 3]", dims(unknownRows));
        assertEquals("[batch, 5]", dims(op("Concat", List.of(unknownRows, input("batch", 2)), "axis", 1L)));
    }

    /** GPT attention: the heads are split off with a Reshape to Concat(Shape, Shape, 4, Shape / 4). */
    @Test
    void reshapeToComputedShapeKeepsNames() {
        Value x = input("batch", "seq", 64);
        Value b = op("Shape", List.of(x), "start", 0L, "end", 1L);
        Value s = op("Shape", List.of(x), "start", 1L, "end", 2L);
        Value c = op("Shape", List.of(x), "start", 2L, "end", 3L);
        assertEquals("[1]", dims(b));
        assertEquals(DType.INT64, b.type().dtype());
        Value headDim = op("Div", List.of(c, constant(4)));
        Value shape = op("Concat", List.of(b, s, constant(4), headDim), "axis", 0L);
        assertEquals("[4]", dims(shape));
        assertEquals("[batch, seq, 4, 16]", dims(op("Reshape", List.of(x, shape))));
        // back: Concat of the three sizes
        Value heads = op("Transpose", List.of(op("Reshape", List.of(x, shape))), "perm", new long[] {0, 2, 1, 3});
        assertEquals("[batch, 4, seq, 16]", dims(heads));
        Value merged = op("Reshape", List.of(x, op("Concat", List.of(b, s, c), "axis", 0L)));
        assertEquals("[batch, seq, 64]", dims(merged));
    }

    @Test
    void reshapeWithGatheredSizesAndMinusOne() {
        Value x = input("batch", "seq", 4, 16);
        Value shape = op("Shape", List.of(x));
        Value batch = op("Gather", List.of(shape, scalar(0)), "axis", 0L);
        assertEquals("[]", dims(batch));
        Value spec = op("Concat", List.of(op("Unsqueeze", List.of(batch, constant(0))), constant(-1), constant(64)), "axis", 0L);
        assertEquals("[batch, seq, 64]", dims(op("Reshape", List.of(x, spec))));
        assertEquals("[batch, seq, 64]", dims(op("Reshape", List.of(x, constant(0, 0, -1)))));
        assertEquals("[batch, ?]", dims(op("Reshape", List.of(x, constant(0, -1)))));
        assertEquals("[?, 16]", dims(op("Reshape", List.of(x, constant(-1, 16)))));
        // opset 9 Unsqueeze (axes attribute) and Slice of a shape (bounds as attributes)
        Value seq = op("Slice", List.of(shape), "starts", new long[] {1}, "ends", new long[] {2}, "axes", new long[] {0});
        Value spec9 = op("Concat", List.of(op("Unsqueeze", List.of(batch), "axes", new long[] {0}), seq, constant(64)), "axis", 0L);
        assertEquals("[batch, seq, 64]", dims(op("Reshape", List.of(x, spec9))));
    }

    @Test
    void rangeExpandAndConstantOfShapeFollowComputedSizes() {
        Value ids = input(DType.INT64, "batch", "seq");
        Value seq = op("Reshape", List.of(op("Shape", List.of(ids), "start", 1L, "end", 2L), constant()));
        assertEquals("[]", dims(seq));
        Value positions = op("Range", List.of(scalar(0), seq, scalar(1)));
        assertEquals("[seq]", dims(positions));
        assertEquals("[?]", dims(op("Range", List.of(scalar(1), seq, scalar(1)))));
        assertEquals("[3]", dims(op("Range", List.of(scalar(2), scalar(9), scalar(3)))));
        Value square = op("Concat", List.of(op("Unsqueeze", List.of(seq, constant(0))), op("Unsqueeze", List.of(seq, constant(0)))), "axis", 0L);
        Value mask = op("ConstantOfShape", List.of(square));
        assertEquals("[seq, seq]", dims(mask));
        assertEquals(DType.FLOAT32, mask.type().dtype());
        assertEquals("[batch, seq, seq]", dims(op("Expand", List.of(input(1, 1, "seq"),
                op("Concat", List.of(op("Shape", List.of(ids), "start", 0L, "end", 1L), square), "axis", 0L)))));
    }

    /** Range before opset 11: NonZero of ConstantOfShape(ceil((limit - start) / delta)), computed in double. */
    @Test
    void rangeOfOldOpsetsKeepsNames() {
        Value ids = input(DType.INT64, "batch", "seq");
        Value seq = op("Gather", List.of(op("Shape", List.of(ids)), scalar(1)), "axis", 0L);
        Value asDouble = op("Cast", List.of(seq), "to", (long) DType.FLOAT64.onnxCode());
        Value zero = g.addInitializer("zero", Tensor.scalar(0.0, DType.FLOAT64));
        Value one = g.addInitializer("one", Tensor.scalar(1.0, DType.FLOAT64));
        Value count = op("Ceil", List.of(op("Div", List.of(op("Sub", List.of(asDouble, zero)), one))));
        Value n = op("Unsqueeze", List.of(op("Cast", List.of(count), "to", (long) DType.INT64.onnxCode())), "axes", new long[] {0});
        Value ones = op("ConstantOfShape", List.of(n), "value", Tensor.of(new long[] {1}, 1));
        assertEquals("[seq]", dims(ones));
        Value idx = op("NonZero", List.of(ones));
        assertEquals("[1, seq]", dims(idx));
        assertEquals("[seq]", dims(op("Squeeze", List.of(idx), "axes", new long[] {0})));
        assertEquals("[1, ?]", dims(op("NonZero", List.of(input("batch")))));
        assertEquals("[1, 0]", dims(op("NonZero", List.of(op("ConstantOfShape", List.of(n)))))); // filled with 0
        // a fraction is not a size
        Value half = op("Div", List.of(op("Cast", List.of(constant(7)), "to", (long) DType.FLOAT64.onnxCode()), g.addInitializer("two", Tensor.scalar(2.0, DType.FLOAT64))));
        Value rounded = op("Cast", List.of(op("Ceil", List.of(half))), "to", (long) DType.INT64.onnxCode());
        assertEquals("[?]", dims(op("ConstantOfShape", List.of(op("Unsqueeze", List.of(rounded), "axes", new long[] {0})))));
    }

    /** Unique: the number of values depends on the data; the inverse indices have the input's (flattened) size. */
    @Test
    void uniqueSizesAreUnknown() {
        Value[] flat = ops("Unique", 4, List.of(input(DType.INT64, 12)), "sorted", 1L);
        assertEquals("[?]", dims(flat[0]));
        assertEquals("[12]", dims(flat[2]));
        Value[] rows = ops("Unique", 4, List.of(input(DType.INT64, 6, 2)), "sorted", 1L, "axis", 0L);
        assertEquals("[?, 2]", dims(rows[0]));
        assertEquals("[6]", dims(rows[2]));
        assertEquals("[?]", dims(rows[3]));
    }

    @Test
    void multipleOutputs() {
        Value x = input("batch", "seq", 192);
        Value[] qkv = ops("Split", 3, List.of(x, constant(64, 64, 64)), "axis", 2L);
        for (Value v : qkv) assertEquals("[batch, seq, 64]", dims(v));
        Value[] halves = ops("Split", 2, List.of(x), "axis", 2L, "num_outputs", 2L);
        assertEquals("[batch, seq, 96]", dims(halves[1]));
        Value[] odd = ops("Split", 2, List.of(input(7)), "axis", 0L, "num_outputs", 2L);
        assertEquals("[4]", dims(odd[0]));
        assertEquals("[3]", dims(odd[1]));
        Value[] top = ops("TopK", 2, List.of(input("batch", 50), constant(5)), "axis", -1L);
        assertEquals("[batch, 5]", dims(top[0]));
        assertEquals("[batch, 5]", dims(top[1]));
        assertEquals(DType.INT64, top[1].type().dtype());
        Value[] pool = ops("MaxPool", 2, List.of(input("batch", 3, 8, 8)), "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2});
        assertEquals("[batch, 3, 4, 4]", dims(pool[1]));
        assertEquals(DType.INT64, pool[1].type().dtype());
        Value[] lstm = ops("LSTM", 3, List.of(input("seq", "batch", 10)), "hidden_size", 20L, "direction", "bidirectional");
        assertEquals("[seq, 2, batch, 20]", dims(lstm[0]));
        assertEquals("[2, batch, 20]", dims(lstm[2]));
    }

    @Test
    void neverGuesses() {
        Value x = input("batch", 1, 8);
        assertEquals("*", dims(op("Squeeze", List.of(x))), "a dynamic dim may be 1");
        assertEquals("[batch, 8]", dims(op("Squeeze", List.of(x, constant(1)))));
        Value computed = op("Shape", List.of(x), "start", 0L, "end", 1L);
        assertEquals("[?, 1, 8]", dims(op("Slice", List.of(x, computed, constant(9), constant(0)))));
        assertEquals("[batch, 1, 4]", dims(op("Slice", List.of(x, constant(2), constant(6), constant(2)))));
        assertEquals("[?, 1, 8]", dims(op("Slice", List.of(x, constant(1), constant(Long.MAX_VALUE), constant(0)))));
        assertEquals("[batch, 1, 8]", dims(op("Slice", List.of(x, constant(0), constant(Long.MAX_VALUE), constant(0)))));
        Value conv = op("Conv", List.of(input("batch", 3, "h", 32), input(16, 3, 3, 3)), "pads", new long[] {1, 1, 1, 1});
        assertEquals("[batch, 16, ?, 32]", dims(conv));
        assertEquals(4, conv.type().shape()[2], "the size the unknown dim has in the example is kept");
    }

    @Test
    void opsWithoutRules() {
        Value pad = op("Pad", List.of(input("batch", 4), constant(0, 1, 0, 1)));
        assertEquals(Type.tensor(DType.FLOAT32), pad.type(), "dtype of input 0, shape unknown");
        Node custom = g.body().append("custom::Relu", null).addInput(input(2));
        assertNull(typed(custom, 1)[0].type(), "an op of another domain is not ONNX's");
    }

    /** Both engines the project had (the lowering's and the pass's) knew these ops; the one engine knows them all. */
    @Test
    void coversTheOpsOfBothFormerEngines() {
        Set<String> former = new TreeSet<>(List.of("Abs", "Neg", "Exp", "Log", "Sqrt", "Reciprocal", "Sin", "Cos", "Tan",
                "Tanh", "Sigmoid", "Erf", "Floor", "Ceil", "Round", "Sign", "Atan", "Asin", "Acos", "Sinh", "Cosh", "Asinh",
                "Acosh", "Atanh", "IsNaN", "IsInf", "Not", "Relu", "LeakyRelu", "Elu", "Selu", "Celu", "HardSigmoid",
                "HardSwish", "Softplus", "Softsign", "Mish", "Gelu", "Cast", "CastLike", "Clip", "Softmax", "LogSoftmax",
                "Hardmax", "CumSum", "Identity", "BitwiseNot", "ThresholdedRelu", "Trilu", "Dropout", "LayerNormalization",
                "BatchNormalization", "InstanceNormalization", "LRN", "Shrink", "MeanVarianceNormalization", "Add", "Sub",
                "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean", "Equal", "Less", "Greater", "LessOrEqual",
                "GreaterOrEqual", "And", "Or", "Xor", "Where", "PRelu", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Shape",
                "Size", "ArgMax", "ArgMin", "NonZero", "Constant", "ConstantOfShape", "Range", "MatMul", "Gemm", "Conv",
                "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "Flatten",
                "Reshape", "Expand", "Transpose", "Concat", "Unsqueeze", "Squeeze", "Gather", "GatherElements", "Slice",
                "Split", "Tile", "LSTM", "GRU", "RNN", "TopK", "ReduceMax", "ReduceMin", "ReduceMean", "ReduceSum",
                "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"));
        former.removeAll(OpRules.ops());
        assertTrue(former.isEmpty(), "ops without a rule: " + former);
    }

    @Test
    void dimArithmetic() {
        Dim batch = Dim.named("batch", 2), seq = Dim.named("seq", 3);
        assertEquals(batch, Dim.product(List.of(Dim.of(1), batch, Dim.of(1))));
        assertEquals(Dim.of(24), Dim.product(List.of(Dim.of(4), Dim.of(6))));
        assertEquals(Dim.unknown(6), Dim.product(List.of(batch, seq)), "the seen size is the product");
        assertEquals(Dim.of(0), Dim.product(List.of(batch, Dim.of(0))));
        assertEquals(seq, Dim.sum(List.of(Dim.of(0), seq)));
        assertEquals(Dim.unknown(4), Dim.sum(List.of(Dim.of(1), seq)));
        assertEquals(batch, Dim.broadcast(Dim.of(1), batch));
        assertEquals(Dim.of(7), Dim.broadcast(batch, Dim.of(7)));
        assertEquals(seq, Dim.broadcast(seq, Dim.named("seq", 3)));
        assertEquals(Dim.of(16), Dim.arithmetic("Div", Dim.of(64), Dim.of(4)));
        assertEquals(seq, Dim.arithmetic("Mul", Dim.of(1), seq));
        assertEquals(Dim.unknown(6), Dim.arithmetic("Mul", seq, Dim.of(2)));
        assertEquals("?", Dim.UNKNOWN.toString());
        assertEquals("batch", batch.toString());
    }

    @Test
    void irTypesRoundTrip() {
        Type t = Type.tensor(DType.FLOAT32, new long[] {2, 3, 4}).withSymbol(0, "batch").withSymbol(1, Type.UNKNOWN_DIM);
        List<Dim> d = ShapeEngine.dims(t);
        assertEquals(List.of(Dim.named("batch", 2), Dim.unknown(3), Dim.of(4)), d);
        assertEquals(t, ShapeEngine.type(DType.FLOAT32, d));
        assertNull(ShapeEngine.dims(Type.tensor(DType.FLOAT32)));
    }
}
