package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.GRU;
import dev.onnxport.nn.LSTM;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.RNN;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.ops.OpRegistry;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Forms of the norm, recurrent and upsampling symbolics the op fixtures do not reach (module weights as
 * initializers, several layers, missing affine parameters, batch statistics, fractional sizes, other
 * p-norms, a dynamic batch), checked against the eager kernels in ONNX Runtime at every opset 7..26.
 */
class NormRnnLoweringTest {
    private static final int[] OPSETS = java.util.stream.IntStream.rangeClosed(7, dev.onnxport.onnx.writer.IrVersions.MAX_OPSET).toArray();

    private static Tensor random(long seed, long... shape) {
        Random r = new Random(seed);
        float[] f = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
        return Tensor.of(f, shape);
    }

    private static Tensor[] call(String op, Object... args) { return AtenOps.registry().get(op).call(args); }

    /**
     * Traces {@code fn} on {@code inputs} (module parameters become initializers), lowers at {@code opset}
     * and compares ONNX Runtime with the eager results, at the traced sizes and, given {@code alt}, also on
     * those inputs, whose batch differs: the batch is dim {@code batchDims[i]} of input i (dim 0 when null).
     */
    private static Graph check(String name, Module m, Function<Tensor[], Object> fn, int opset, Tensor[] inputs, Tensor[] alt,
                               int... batchDims) throws Exception {
        return check(false, name, m, fn, opset, inputs, alt, batchDims);
    }

    private static Graph check(boolean training, String name, Module m, Function<Tensor[], Object> fn, int opset, Tensor[] inputs,
                               Tensor[] alt, int... batchDims) throws Exception {
        Graph g = Tracer.trace(m, TraceOptions.defaults().withGraphName(name), fn, inputs);
        if (alt != null) {
            for (int i = 0; i < g.inputs().size(); i++) {
                Value v = g.inputs().get(i);
                v.setType(v.type().withSymbol(batchDims.length == 0 ? 0 : batchDims[i], "batch"));
            }
        }
        new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), training, new CustomSymbolics()));
        for (Node n : g.allNodes()) assertFalse(n.kind().startsWith("aten::") || n.kind().startsWith("prim::"), name + ": " + n);
        SchemaValidator.validateGraph(g, opset);
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assumeTrue(ort != null, "no RuntimeVerifier on the class path");
        OnnxCleanup.run(g);
        for (int i = 0; i < g.outputs().size(); i++) g.outputs().get(i).setName("out" + i);
        Path file = Files.createDirectories(Path.of("target", "lowered")).resolve(name + "-opset" + opset + ".onnx");
        WriterOptions wo = WriterOptions.of(opset);
        OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
        List<Tensor[]> runs = new ArrayList<>();
        runs.add(inputs);
        if (alt != null) runs.add(alt);
        for (Tensor[] in : runs) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            for (int i = 0; i < in.length; i++) feeds.put(g.inputs().get(i).name(), in[i]);
            Object r = fn.apply(in);
            List<Tensor> expected = r instanceof Tensor t ? List.of(t) : Arrays.asList((Tensor[]) r);
            VerificationReport rep = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise())
                    .compare(file, feeds, expected);
            assertTrue(rep.passed(), name + " at opset " + opset + ":\n" + rep.summary() + g);
        }
        Files.delete(file);
        return g;
    }

    private static boolean has(Graph g, String kind) { return g.allNodes().stream().anyMatch(n -> n.kind().equals("onnx::" + kind)); }

    @Test
    void recurrentModulesWithInitializerWeightsSeveralLayersAndDynamicBatch() throws Exception {
        LSTM lstm = new LSTM(4, 5, 2, true, true, 0, true);
        GRU gru = new GRU(4, 3, 2, true, false, 0, true);
        RNN relu = new RNN(4, 3, 2, "relu", false, false, 0, false);
        for (int opset : OPSETS) {
            Graph g = check("lstm2bi", lstm, in -> lstm.forward(in[0], in[1], in[2]), opset,
                    new Tensor[] {random(1, 2, 6, 4), random(2, 4, 2, 5), random(3, 4, 2, 5)},
                    new Tensor[] {random(4, 3, 6, 4), random(5, 4, 3, 5), random(6, 4, 3, 5)}, 0, 1, 1);
            // weights known at export time are reordered into constants, not gathered in the graph
            assertTrue(g.allNodes().stream().filter(n -> n.kind().equals("onnx::LSTM")).count() == 2, g.toString());
            check("gru2bi", gru, in -> gru.forward(in[0], in[1]), opset,
                    new Tensor[] {random(7, 6, 2, 4), random(8, 4, 2, 3)}, null);
            check("rnnrelu2", relu, in -> relu.forward(in[0], in[1]), opset,
                    new Tensor[] {random(9, 6, 2, 4), random(10, 2, 2, 3)}, null);
        }
    }

    @Test
    void normalizationWithoutAffineParametersAndWithBatchStatistics() throws Exception {
        Module none = new Module() {};
        for (int opset : OPSETS) {
            Tensor x = random(11, 2, 6, 3, 3);
            check("gn_noaffine", none, in -> call("aten::group_norm", in[0], 2L, null, null, 1e-5, false)[0], opset,
                    new Tensor[] {x}, new Tensor[] {random(12, 3, 6, 3, 3)});
            check("in_noaffine", none, in -> call("aten::instance_norm", in[0], null, null, null, null, true, 0.1, 1e-5, false)[0],
                    opset, new Tensor[] {x}, null);
            check("ln_weight_only", none, in -> call("aten::layer_norm", in[0], new long[] {3, 3}, in[1], null, 1e-5, false)[0],
                    opset, new Tensor[] {x, random(13, 3, 3)}, null);
            check("bn_batch_stats", none, in -> call("aten::batch_norm", in[0], in[1], in[2], null, null, true, 0.1, 1e-5, false)[0],
                    opset, new Tensor[] {x, random(14, 6), random(15, 6)}, null);
            check("bn_eval_1d", none, in -> call("aten::batch_norm", in[0], null, null, in[1], in[2], false, 0.1, 1e-5, false)[0],
                    opset, new Tensor[] {random(16, 4, 6), random(17, 6), call("aten::abs", random(18, 6))[0]}, null);
        }
    }

    /** A training export keeps batch statistics: BatchNormalization's training_mode from 14, the decomposition before. */
    @Test
    void trainingExportOfBatchNorm() throws Exception {
        Module none = new Module() {};
        for (int opset : OPSETS) {
            Graph g = check(true, "bn_train", none,
                    in -> call("aten::batch_norm", in[0], in[1], in[2], in[3], in[4], true, 0.1, 1e-5, false)[0], opset,
                    new Tensor[] {random(41, 2, 3, 4, 4), random(42, 3), random(43, 3), random(44, 3), call("aten::abs", random(45, 3))[0]},
                    null);
            assertTrue(has(g, "BatchNormalization") == opset >= 14, g.toString());
        }
    }

    /** dropout(train=True): Dropout with training_mode from 12; before, only a training export may emit the old Dropout. */
    @Test
    void dropoutInTraining() {
        for (int opset : OPSETS) {
            for (boolean training : new boolean[] {false, true}) {
                Graph g = Tracer.trace(new Module() {}, TraceOptions.defaults(), in -> call("aten::dropout", in[0], 0.3, true)[0],
                        random(51, 3, 4));
                LoweringContext c = new LoweringContext(opset, Map.of(), training, new CustomSymbolics());
                if (opset < 12 && !training) {
                    UnsupportedOperatorError e = assertThrows(UnsupportedOperatorError.class, () -> new OnnxExportMode().lower(g, c));
                    assertTrue(e.getMessage().contains("supported from opset 12"), e.getMessage());
                    continue;
                }
                new OnnxExportMode().lower(g, c);
                SchemaValidator.validateGraph(g, opset);
                Node d = g.allNodes().stream().filter(n -> n.kind().equals("onnx::Dropout")).findFirst().orElseThrow();
                assertTrue(d.inputs().size() == (opset >= 12 ? 3 : 1), g.toString());
            }
        }
    }

    @Test
    void upsamplingAtFractionalSizesScaleFactorsAndDynamicBatch() throws Exception {
        Module none = new Module() {};
        for (int opset : OPSETS) {
            Tensor x = random(21, 1, 2, 4, 5), alt = random(22, 3, 2, 4, 5);
            check("nearest_frac", none, in -> call("aten::upsample_nearest2d.vec", in[0], new long[] {7, 9}, null)[0], opset,
                    new Tensor[] {x}, new Tensor[] {alt});
            check("nearest_x3", none, in -> call("aten::upsample_nearest2d.vec", in[0], null, new double[] {3.0, 3.0})[0], opset,
                    new Tensor[] {x}, new Tensor[] {alt});
            check("nearest_down", none, in -> call("aten::upsample_nearest2d.vec", in[0], new long[] {3, 2}, null)[0], opset,
                    new Tensor[] {x}, null);
            for (boolean corners : new boolean[] {false, true}) {
                check("bilinear_scale_" + corners, none,
                        in -> call("aten::upsample_bilinear2d.vec", in[0], null, corners, new double[] {1.5, 2.0})[0], opset,
                        new Tensor[] {x}, new Tensor[] {alt});
                check("bilinear_to1_" + corners, none,
                        in -> call("aten::upsample_bilinear2d.vec", in[0], new long[] {1, 3}, corners, null)[0], opset,
                        new Tensor[] {x}, null);
            }
        }
    }

    @Test
    void distancesForOtherNormsAndBroadcastOperands() throws Exception {
        Module none = new Module() {};
        List<Object[]> ps = new ArrayList<>();
        for (double p : new double[] {1, 3, 0.5, Double.POSITIVE_INFINITY, 0}) ps.add(new Object[] {p});
        for (int opset : OPSETS) {
            for (Object[] p : ps) {
                check("pdist_" + p[0], none, in -> call("aten::pairwise_distance", in[0], in[1], p[0], 1e-6, true)[0], opset,
                        new Tensor[] {random(31, 3, 4, 8), random(32, 3, 4, 8)}, null);
            }
            if (opset >= 8) {
                check("cos_broadcast", none, in -> call("aten::cosine_similarity", in[0], in[1], -1L, 1e-8)[0], opset,
                        new Tensor[] {random(33, 3, 1, 8), random(34, 4, 8)}, null);
            }
        }
    }
}
