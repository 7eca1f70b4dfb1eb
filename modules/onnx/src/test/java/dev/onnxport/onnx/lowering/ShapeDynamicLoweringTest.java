package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Shape, indexing and factory symbolics with a dynamic first dim: traced at batch 2, run in ONNX Runtime at
 * batch 5 and compared with the eager result at 5. Below {@code from}, the lowering must say which opset is needed.
 */
class ShapeDynamicLoweringTest {
    private record Case(String name, int from, Function<Tensor[], Object> forward, long[]... shapes) {}

    private static Tensor call(String op, Object... args) { return AtenOps.registry().get(op).call1(args); }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("view_sizes", 7, in -> call("aten::view", in[0], new Object[] {in[0].symSize(0), SymInt.of(-1)}), new long[] {2, 3, 4}));
        c.add(new Case("reshape_mul", 7, in -> call("aten::reshape", in[0],
                new Object[] {in[0].symSize(0).mul(in[0].symSize(1)), SymInt.of(4)}), new long[] {2, 3, 4}));
        c.add(new Case("flatten", 7, in -> call("aten::flatten.using_ints", in[0], 0L, 1L), new long[] {2, 3, 4}));
        c.add(new Case("expand", 7, in -> call("aten::expand", in[0], new Object[] {in[0].symSize(0), SymInt.of(5)}, false), new long[] {2, 1}));
        c.add(new Case("expand_as", 7, in -> call("aten::expand_as", in[0], in[1]), new long[] {1, 3}, new long[] {2, 3}));
        c.add(new Case("ones_like", 7, in -> call("aten::ones_like", in[0], null, null, null, null, null), new long[] {2, 3}));
        c.add(new Case("zeros_sized", 7, in -> call("aten::zeros", new Object[] {in[0].symSize(0), SymInt.of(3)}, null, null, null, null),
                new long[] {2, 3}));
        c.add(new Case("chunk_static_dim", 7, in -> call("aten::chunk", in[0], 2L, 1L), new long[] {2, 4}));
        c.add(new Case("split_dynamic_dim", 7, in -> call("aten::split.Tensor", in[0], 1L, 1L), new long[] {2, 2}));
        c.add(new Case("repeat_interleave", 7, in -> call("aten::repeat_interleave.self_int", in[0], 2L, 1L, null), new long[] {2, 3, 2}));
        c.add(new Case("pixel_shuffle", 7, in -> call("aten::pixel_shuffle", in[0], 2L), new long[] {2, 8, 2, 3}));
        c.add(new Case("slice_to_size", 10, in -> call("aten::slice.Tensor", in[0], 0L, 0L, in[0].symSize(0).sub(1), 1L), new long[] {2, 3}));
        c.add(new Case("select_last", 7, in -> call("aten::select.int", in[0], 0L, -1L), new long[] {2, 3}));
        c.add(new Case("index_two", 7, in -> call("aten::index.Tensor", in[0], new Tensor[] {null, Tensor.of(new long[] {0, -1}, 2),
                Tensor.of(new long[] {1, 2}, 2)}), new long[] {2, 3, 4}));
        c.add(new Case("tril_dynamic_rows", 9, in -> call("aten::tril", in[0], 0L), new long[] {2, 4}));
        c.add(new Case("triu_batched", 7, in -> call("aten::triu", in[0], 1L), new long[] {2, 3, 4}));
        c.add(new Case("roll", 7, in -> call("aten::roll", in[0], new long[] {1}, new long[] {1}), new long[] {2, 3}));
        c.add(new Case("flip_batch", 10, in -> call("aten::flip", in[0], new long[] {0}), new long[] {2, 3}));
        c.add(new Case("arange_size", 9, in -> call("aten::add.Tensor", in[0],
                call("aten::arange", in[0].symSize(0), DType.FLOAT32, null, null, null), 1L), new long[] {2}));
        c.add(new Case("gather", 11, in -> call("aten::gather", in[0], 1L, in[1], false), new long[] {2, 3}, new long[] {2, 2}));
        return c;
    }

    private static Tensor input(long[] shape, long batch, boolean index) {
        long[] s = shape.clone();
        s[0] = batch;
        int n = 1;
        for (long d : s) n *= (int) d;
        if (index) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = (i * 7L) % 3;
            return Tensor.of(v, s);
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) Math.sin(i + 1.0);
        return Tensor.of(f, s);
    }

    private static Tensor[] inputs(Case c, long batch) {
        Tensor[] t = new Tensor[c.shapes().length];
        for (int i = 0; i < t.length; i++) t[i] = input(c.shapes()[i], batch, c.name().equals("gather") && i == 1);
        return t;
    }

    @SuppressWarnings("unchecked")
    private static List<Tensor> outputs(Object r) {
        if (r instanceof Tensor t) return List.of(t);
        if (r instanceof Tensor[] a) return List.of(a);
        return (List<Tensor>) r;
    }

    @TestFactory
    Stream<DynamicTest> dynamicBatch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (int opset : new int[] {7, 8, 9, 10, 11, 13, 14, 17, 22}) {
                tests.add(DynamicTest.dynamicTest(c.name() + " opset " + opset, () -> run(c, opset)));
            }
        }
        return tests.stream();
    }

    private static void run(Case c, int opset) throws Exception {
        Graph g = Tracer.trace(new Module() {}, TraceOptions.defaults(), c.forward()::apply, inputs(c, 2));
        for (Value v : g.inputs()) v.setType(v.type().withSymbol(0, "batch"));
        try {
            new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), false, new CustomSymbolics()));
        } catch (UnsupportedOperatorError e) {
            assertTrue(opset < c.from() && e.getMessage().contains("supported from opset"), c.name() + " at " + opset + ": " + e.getMessage());
            return;
        }
        assertTrue(opset >= c.from(), c.name() + " lowered at opset " + opset + " below its expected " + c.from());
        for (Node n : g.allNodes()) assertTrue(n.kind().startsWith("onnx::"), c.name() + ": " + n);
        SchemaValidator.validateGraph(g, opset);
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assumeTrue(ort != null, "no RuntimeVerifier on the class path");
        OnnxCleanup.run(g);
        for (int i = 0; i < g.outputs().size(); i++) {
            Value v = g.outputs().get(i);
            if (v.producer() == null) {
                Node id = g.body().append(OnnxCleanup.IDENTITY, null);
                id.addInput(v);
                v = id.addOutput(v.type());
                g.body().setOutput(i, v);
            }
            v.setName("out" + i);
        }
        Path file = Files.createDirectories(Path.of("target", "lowered")).resolve("dyn-" + c.name() + "-" + opset + ".onnx");
        WriterOptions wo = WriterOptions.of(opset);
        OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
        Tensor[] at5 = inputs(c, 5);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < at5.length; i++) feeds.put(g.inputs().get(i).name(), at5[i]);
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise())
                .compare(file, feeds, outputs(c.forward().apply(at5)));
        assertTrue(r.passed(), c.name() + " at opset " + opset + ":\n" + r.summary() + g);
        Files.delete(file);
    }
}
