package dev.onnxport.onnx.writer;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Scope;
import dev.onnxport.ir.SourceLocation;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/** Hand-built ONNX-dialect graphs for the writer tests. */
final class WriterFixtures {
    private WriterFixtures() {}

    static final Scope FC = new Scope(new Scope(Scope.ROOT, "", "Net"), "fc", "Linear");

    static Tensor floats(int n, float start) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = start + i * 0.5f;
        return Tensor.of(a);
    }

    /** y = x @ fc.weight + fc.bias with x : Float(batch, 3); weights big enough to go external when asked. */
    static Graph matMulAdd(int hidden) {
        Graph g = new Graph("main_graph");
        Value x = g.addInput("x", Type.tensor(DType.FLOAT32, new long[] {2, 3}).withSymbol(0, "batch"));
        Value w = g.addInitializer("fc.weight", floats(3 * hidden, 0f).asStrided(new long[] {3, hidden}, new long[] {hidden, 1}, 0));
        Value b = g.addInitializer("fc.bias", floats(hidden, -1f));
        Node mm = g.body().append("onnx::MatMul", null).setScope(FC).setSource(new SourceLocation("Net", "forward", "Net.java", 12));
        mm.addInput(x).addInput(w);
        Value h = mm.addOutput(Type.tensor(DType.FLOAT32, new long[] {2, hidden}).withSymbol(0, "batch"));
        Node add = g.body().append("onnx::Add", null).setScope(FC).setSource(new SourceLocation("Net", "forward", "Net.java", 12));
        add.addInput(h).addInput(b);
        Value y = add.addOutput(Type.tensor(DType.FLOAT32, new long[] {2, hidden}).withSymbol(0, "batch")).setName("y");
        g.addOutput(y);
        return g;
    }
}
