package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.RuntimeVerifier;
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
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Forms of the convolution, pooling and einsum symbolics the fixture manifest does not reach (ceil_mode with
 * padding, count_include_pad, divisor_override, uneven adaptive max pooling, strided and dilated im2col, grouped
 * dilated transposed convolution, non-matmul einsum) and a dynamic batch: each is lowered at opsets 7..22 and run
 * in ONNX Runtime against the eager kernel. A variant with a dynamic batch is run at batch 3 as well.
 */
class ConvPoolVariantsTest {
    /**
     * One call: op, arguments with {@code T0, T1, ...} standing for random tensors of {@code shapes}; the first
     * {@code batched} inputs share a dynamic batch dim (0: all sizes static).
     */
    private record Variant(String id, String op, List<long[]> shapes, int batched, Object... args) {}

    private enum T { T0, T1, T2 }

    private static List<Variant> variants() {
        long[] img = {2, 2, 8, 8};
        return List.of(
                new Variant("avg_ceil_include_pad", "aten::avg_pool2d", List.of(img), 0,
                        T.T0, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, true, true, null),
                new Variant("avg_ceil_exclude_pad", "aten::avg_pool2d", List.of(img), 0,
                        T.T0, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, true, false, null),
                new Variant("avg_divisor", "aten::avg_pool2d", List.of(img), 1,
                        T.T0, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, false, true, 5L),
                new Variant("avg_ceil_divisor", "aten::avg_pool2d", List.of(img), 0,
                        T.T0, new long[] {3, 2}, new long[] {2, 2}, new long[] {1, 0}, true, false, 4L),
                new Variant("avg_plain_dynamic", "aten::avg_pool2d", List.of(img), 1,
                        T.T0, new long[] {2, 2}, new long[] {}, new long[] {0, 0}, false, true, null),
                new Variant("max_ceil_pad", "aten::max_pool2d", List.of(img), 1,
                        T.T0, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}, true),
                new Variant("max_dilated", "aten::max_pool2d", List.of(img), 0,
                        T.T0, new long[] {2, 2}, new long[] {1, 1}, new long[] {0, 0}, new long[] {2, 2}, false),
                new Variant("max1d_ceil", "aten::max_pool1d", List.of(new long[] {1, 3, 10}), 0,
                        T.T0, new long[] {3}, new long[] {2}, new long[] {0}, new long[] {1}, true),
                new Variant("adaptive_max_uneven", "aten::adaptive_max_pool2d", List.of(new long[] {2, 3, 7, 9}), 1,
                        T.T0, new long[] {3, 4}),
                new Variant("adaptive_avg_divides", "aten::adaptive_avg_pool2d", List.of(img), 1,
                        T.T0, new long[] {2, 4}),
                new Variant("adaptive_avg_uneven", "aten::adaptive_avg_pool2d", List.of(new long[] {2, 3, 5, 7}), 1,
                        T.T0, new long[] {3, 3}),
                new Variant("im2col_strided", "aten::im2col", List.of(new long[] {2, 2, 9, 8}), 1,
                        T.T0, new long[] {3, 2}, new long[] {2, 1}, new long[] {1, 2}, new long[] {2, 3}),
                new Variant("conv_transpose_groups_dil", "aten::conv_transpose2d.input",
                        List.of(new long[] {2, 4, 5, 5}, new long[] {4, 3, 3, 3}, new long[] {6}), 1,
                        T.T0, T.T1, T.T2, new long[] {2, 1}, new long[] {1, 2}, new long[] {1, 0}, 2L, new long[] {2, 1}),
                new Variant("conv2d_dynamic", "aten::conv2d", List.of(new long[] {2, 4, 9, 9}, new long[] {6, 2, 3, 3}), 1,
                        T.T0, T.T1, null, new long[] {2, 1}, new long[] {1, 1}, new long[] {1, 2}, 2L),
                new Variant("einsum_transposed", "aten::einsum", List.of(new long[] {2, 3, 4}, new long[] {2, 5, 4}), 0,
                        "bij,bkj->bik", List.of(T.T0, T.T1), null),
                new Variant("baddbmm_scaled", "aten::baddbmm", List.of(new long[] {2, 3, 4}, new long[] {2, 3, 5}, new long[] {2, 5, 4}), 3,
                        T.T0, T.T1, T.T2, 0.5, 2.0));
    }

    @TestFactory
    Stream<DynamicTest> everyVariantAtEveryOpset() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Variant v : variants()) {
            for (int opset = OnnxExportMode.OPSETS.first(); opset <= OnnxExportMode.OPSETS.last(); opset++) {
                int o = opset;
                tests.add(DynamicTest.dynamicTest(v.id() + " opset " + o, () -> run(v, o)));
            }
        }
        return tests.stream();
    }

    /**
     * Padding that differs between the two spatial dims, and padding whose begin and end differ (a
     * {@code constant_pad_nd} before a convolution): the runtime's result must equal the eager op without padding on
     * an input padded here by explicit index arithmetic (zeros, or -inf for max pooling). A pads list written in
     * another order (ONNX: all begins, then all ends; aten: last dim first) gives other numbers or another shape.
     */
    private record Padded(String id, List<long[]> shapes, java.util.function.Function<Tensor[], Tensor> op,
                          java.util.function.Function<Tensor[], Tensor> reference) {}

    private static Tensor aten(String op, Object... args) { return AtenOps.registry().get(op).call(args)[0]; }

    /** x (N, C, H, W) padded by explicit copying: top, bottom rows and left, right columns of {@code fill}. */
    static Tensor padHW(Tensor x, int top, int bottom, int left, int right, float fill) {
        long[] s = x.shape();
        int n = (int) s[0], c = (int) s[1], h = (int) s[2], w = (int) s[3];
        int ph = h + top + bottom, pw = w + left + right;
        float[] out = new float[n * c * ph * pw];
        java.util.Arrays.fill(out, fill);
        for (int a = 0; a < n; a++) for (int b = 0; b < c; b++) for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) {
            out[((a * c + b) * ph + i + top) * pw + j + left] = (float) x.getDouble(a, b, i, j);
        }
        return Tensor.of(out, n, c, ph, pw);
    }

    private static List<Padded> padded() {
        long[] none = {0, 0}, one = {1, 1};
        return List.of(
                new Padded("conv2d_pad_h2_w1", List.of(new long[] {2, 2, 6, 5}, new long[] {3, 2, 3, 3}, new long[] {3}),
                        t -> aten("aten::conv2d", t[0], t[1], t[2], new long[] {2, 1}, new long[] {2, 1}, one, 1L),
                        t -> aten("aten::conv2d", padHW(t[0], 2, 2, 1, 1, 0f), t[1], t[2], new long[] {2, 1}, none, one, 1L)),
                new Padded("pad_top2_bottom3_left1_then_conv2d", List.of(new long[] {1, 2, 4, 5}, new long[] {3, 2, 3, 2}),
                        // aten pad order: last dim (W) left, right, then H top, bottom
                        t -> aten("aten::conv2d", aten("aten::constant_pad_nd", t[0], new long[] {1, 0, 2, 3}, 0.0), t[1], null,
                                one, none, one, 1L),
                        t -> aten("aten::conv2d", padHW(t[0], 2, 3, 1, 0, 0f), t[1], null, one, none, one, 1L)),
                new Padded("max_pool2d_pad_h1_w0", List.of(new long[] {2, 3, 7, 6}),
                        t -> aten("aten::max_pool2d", t[0], new long[] {3, 2}, new long[] {2, 1}, new long[] {1, 0}, one, false),
                        t -> aten("aten::max_pool2d", padHW(t[0], 1, 1, 0, 0, Float.NEGATIVE_INFINITY), new long[] {3, 2},
                                new long[] {2, 1}, none, one, false)),
                new Padded("avg_pool2d_pad_h0_w1_include_pad", List.of(new long[] {2, 3, 5, 6}),
                        t -> aten("aten::avg_pool2d", t[0], new long[] {2, 3}, new long[] {1, 2}, new long[] {0, 1}, false, true, null),
                        t -> aten("aten::avg_pool2d", padHW(t[0], 0, 0, 1, 1, 0f), new long[] {2, 3}, new long[] {1, 2}, none,
                                false, true, null)));
    }

    @TestFactory
    Stream<DynamicTest> asymmetricPaddingMatchesAnExplicitlyPaddedInput() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Padded p : padded()) {
            for (int opset = OnnxExportMode.OPSETS.first(); opset <= OnnxExportMode.OPSETS.last(); opset++) {
                int o = opset;
                tests.add(DynamicTest.dynamicTest(p.id() + " opset " + o, () -> runPadded(p, o)));
            }
        }
        return tests.stream();
    }

    private static void runPadded(Padded p, int opset) throws Exception {
        Random rnd = new Random(p.id().hashCode());
        Tensor[] inputs = new Tensor[p.shapes().size()];
        for (int k = 0; k < inputs.length; k++) {
            long[] s = p.shapes().get(k);
            float[] f = new float[(int) java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < f.length; i++) f[i] = (float) rnd.nextGaussian();
            inputs[k] = Tensor.of(f, s);
        }
        Tensor want = p.reference().apply(inputs);
        Graph g = Tracer.trace(new Module() {}, TraceOptions.defaults().withGraphName(p.id()),
                traced -> new Tensor[] {p.op().apply(traced)}, inputs);
        try {
            new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), false, new CustomSymbolics()));
        } catch (UnsupportedOperatorError e) {
            assertTrue(e.getMessage().contains("supported from opset"), e.getMessage());
            abort(p.id() + " at opset " + opset + ": " + e.getMessage());
        }
        SchemaValidator.validateGraph(g, opset);
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assertTrue(ort != null, "no RuntimeVerifier on the class path (modules/ort is a test dependency)");
        OnnxCleanup.run(g);
        g.outputs().get(0).setName("out0");
        Path file = Files.createDirectories(Path.of("target", "lowered")).resolve("padded-" + p.id() + "-" + opset + ".onnx");
        WriterOptions wo = WriterOptions.of(opset);
        OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) feed.put("input" + i, inputs[i]);
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise()).compare(file, feed, List.of(want));
        assertTrue(r.passed(), p.id() + " at opset " + opset + ":\n" + r.summary() + "\n" + g);
        Files.delete(file);
    }

    private static void run(Variant v, int opset) throws Exception {
        Tensor[] inputs = random(v, 2, 1);
        Graph g = Tracer.trace(new Module() {}, TraceOptions.defaults().withGraphName(v.id()),
                traced -> call(v, traced), inputs);
        for (int i = 0; i < v.batched(); i++) {
            Value in = g.inputs().get(i);
            in.setType(in.type().withSymbol(0, "batch"));
        }
        try {
            new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), false, new CustomSymbolics()));
        } catch (UnsupportedOperatorError e) {
            assertTrue(e.getMessage().contains("supported from opset"), e.getMessage());
            abort(v.id() + " at opset " + opset + ": " + e.getMessage());
        }
        for (Node n : g.allNodes()) assertTrue(n.kind().startsWith("onnx::"), v.id() + ": " + n + " remains");
        SchemaValidator.validateGraph(g, opset);
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assumeTrue(ort != null, "no RuntimeVerifier on the class path");
        OnnxCleanup.run(g);
        for (int i = 0; i < g.outputs().size(); i++) g.outputs().get(i).setName("out" + i);
        Path file = Files.createDirectories(Path.of("target", "lowered")).resolve("variant-" + v.id() + "-" + opset + ".onnx");
        WriterOptions wo = WriterOptions.of(opset);
        OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
        verify(ort, file, v, inputs);
        if (v.batched() > 0) verify(ort, file, v, random(v, 3, 2));
        Files.delete(file);
    }

    private static void verify(RuntimeVerifier ort, Path file, Variant v, Tensor[] inputs) {
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) feed.put("input" + i, inputs[i]);
        List<Tensor> expected = List.of(call(v, inputs));
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise())
                .compare(file, feed, expected);
        assertTrue(r.passed(), v.id() + " at batch " + inputs[0].shape()[0] + ":\n" + r.summary());
    }

    /** Random inputs; with {@code batch} as the first dim of the batched ones (when the variant has any). */
    private static Tensor[] random(Variant v, long batch, long seed) {
        List<long[]> shapes = v.shapes();
        Random rnd = new Random(seed);
        Tensor[] out = new Tensor[shapes.size()];
        for (int k = 0; k < out.length; k++) {
            long[] s = shapes.get(k).clone();
            if (k < v.batched()) s[0] = batch;
            float[] f = new float[(int) java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < f.length; i++) f[i] = (float) rnd.nextGaussian();
            out[k] = Tensor.of(f, s);
        }
        return out;
    }

    private static Tensor[] call(Variant v, Tensor[] t) {
        Object[] args = new Object[v.args().length];
        for (int i = 0; i < args.length; i++) args[i] = bind(v.args()[i], t);
        return AtenOps.registry().get(v.op()).call(args);
    }

    private static Object bind(Object a, Tensor[] t) {
        if (a instanceof T x) return t[x.ordinal()];
        if (a instanceof List<?> l) return l.stream().map(e -> bind(e, t)).toList();
        return a;
    }
}
