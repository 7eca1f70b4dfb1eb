package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * nn.F's control flow exported to ONNX If, Loop and Scan at every opset 9..26 (the official checker up to 22, the
 * structural checker above), then run
 * in ONNX Runtime on inputs that take each branch and on trip counts 0, 1 and many, and compared with eager Java;
 * each file also passes the structural checker (every export) and the official ONNX checker.
 */
class ControlFlowLoweringTest {
    private static final int[] OPSETS = java.util.stream.IntStream.rangeClosed(9, 26).toArray();

    @TempDir Path dir;

    /** A data-dependent branch: a Linear layer on one side, scaling on the other; the predicate reads the input. */
    static final class Branchy extends Module {
        final Linear fc = registerModule("fc", new Linear(4, 4));

        @Override public Object invoke(Tensor... in) {
            Tensor x = in[0];
            return F.cond(F.gt(F.sum(x), 0), ops -> new Tensor[] {F.relu(fc.forward(ops[0]))},
                    ops -> new Tensor[] {F.mul(ops[0], -0.5)}, x)[0];
        }
    }

    /** A fori loop with a trip count given at run time; a cond inside its body picks by iteration parity. */
    static final class NestedLoop extends Module {
        final Linear fc = registerModule("fc", new Linear(3, 3));

        @Override public Object invoke(Tensor... in) {
            return F.fori(in[1], (i, c) -> {
                Tensor even = F.eq(F.remainder(i, Tensor.scalar(2L)), 0);
                return F.cond(even, ops -> new Tensor[] {F.tanh(fc.forward(ops[0]))}, ops -> new Tensor[] {F.add(ops[0], 1.0)}, c[0]);
            }, in[0])[0];
        }
    }

    /** Newton's square root, iterated until |y*y - a| < 1e-4 everywhere, at most 20 steps; also returns the step count. */
    static final class Newton extends Module {
        @Override public Object invoke(Tensor... in) {
            Tensor a = in[0];
            Tensor[] r = F.whileLoop(c -> F.gt(F.amax(F.abs(F.sub(F.mul(c[0], c[0]), a)), new long[] {0}, false), 1e-4),
                    c -> new Tensor[] {F.mul(F.add(c[0], F.div(a, c[0])), 0.5), F.add(c[1], 1L)},
                    20, in[1], Tensor.scalar(0L));
            return List.of(r[0], r[1]);
        }
    }

    /** A custom RNN cell scanned over the time axis (1) of [batch, time, 3]: h' = tanh(W x + U h); outputs every h. */
    static final class Rnn extends Module {
        final Linear w = registerModule("w", new Linear(3, 5));
        final Linear u = registerModule("u", new Linear(5, 5, false));

        @Override public Object invoke(Tensor... in) {
            Tensor[] r = F.scan(s -> {
                Tensor h = F.tanh(F.add(w.forward(s[1]), u.forward(s[0])));
                return new Tensor[] {h, F.mul(h, 2.0)};
            }, new Tensor[] {in[1]}, 1, in[0]);
            return List.of(r[0], r[1]);
        }
    }

    private static Tensor floats(long seed, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) Math.sin(seed * 7.0 + i * 1.3);
        return Tensor.of(f, shape);
    }

    private static Tensor fill(float v, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        float[] f = new float[n];
        java.util.Arrays.fill(f, v);
        return Tensor.of(f, shape);
    }

    private static List<Tensor> eager(Module m, Tensor... in) {
        Object r = m.invoke(in);
        if (r instanceof Tensor t) return List.of(t);
        @SuppressWarnings("unchecked") List<Tensor> l = (List<Tensor>) r;
        return l;
    }

    /** Exports {@code m} at {@code opset}, checks it officially, runs every input set in ORT against eager Java. */
    private Path exportAndCompare(String name, Module m, int opset, ExportOptions.Builder b, List<String> names,
                                  Tensor[] example, List<Tensor[]> runs) throws Exception {
        Path f = dir.resolve(name + "-" + opset + ".onnx");
        OnnxExport.export(m, example, f, b.opsetVersion(opset).build());
        if (OfficialChecker.knows(opset)) assertNull(OfficialChecker.checkFile(f), name + " opset " + opset + ": official checker");
        VerificationService v = VerificationService.of(ExportModes.verifier());
        for (Tensor[] in : runs) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            for (int i = 0; i < in.length; i++) feeds.put(names.get(i), in[i]);
            VerificationReport r = v.compare(f, feeds, eager(m, in));
            assertTrue(r.passed(), name + " opset " + opset + ": " + r.summary());
            MEASURED.merge(name, maxError(r), Math::max);
        }
        return f;
    }

    static final Map<String, Double> MEASURED = new java.util.concurrent.ConcurrentHashMap<>();

    private static double maxError(VerificationReport r) {
        return r.outputs().stream().mapToDouble(VerificationReport.Output::maxAbsError).max().orElse(0);
    }

    @org.junit.jupiter.api.AfterAll
    static void printMeasured() { System.out.println("control flow max abs errors: " + MEASURED); }

    @TestFactory
    Stream<DynamicTest> dataDependentBranchTakesEachBranch() {
        return java.util.Arrays.stream(OPSETS).mapToObj(opset -> DynamicTest.dynamicTest("opset " + opset, () -> {
            Init.manualSeed(1);
            Branchy m = new Branchy();
            Tensor pos = F.abs(floats(1, 2, 4)), neg = F.neg(F.abs(floats(2, 3, 4)));
            Path f = exportAndCompare("branch", m, opset, ExportOptions.builder().inputNames("x").dynamicAxes("x", Map.of(0, "batch")),
                    List.of("x"), new Tensor[] {pos}, List.of(new Tensor[] {pos}, new Tensor[] {neg}, new Tensor[] {F.neg(pos)}));
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(f));
            NodeProto iff = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("If")).findFirst().orElseThrow();
            GraphProto then = iff.getAttributeList().stream().filter(a -> a.getName().equals("then_branch")).findFirst().orElseThrow().getG();
            assertTrue(then.getNodeList().stream().anyMatch(n -> n.getInputList().contains("fc.weight")),
                    "the then branch reads the outer initializer fc.weight by reference: " + then.getNodeList());
        }));
    }

    @TestFactory
    Stream<DynamicTest> nestedCondInsideLoopAtTripCounts0To5() {
        return java.util.Arrays.stream(OPSETS).mapToObj(opset -> DynamicTest.dynamicTest("opset " + opset, () -> {
            Init.manualSeed(2);
            NestedLoop m = new NestedLoop();
            Tensor x = floats(3, 2, 3);
            List<Tensor[]> runs = new ArrayList<>();
            for (long n : new long[] {0, 1, 2, 5}) runs.add(new Tensor[] {floats(4, 4, 3), Tensor.scalar(n)});
            exportAndCompare("nested", m, opset, ExportOptions.builder().inputNames("x", "n").dynamicAxes("x", Map.of(0, "batch")),
                    List.of("x", "n"), new Tensor[] {x, Tensor.scalar(3L)}, runs);
        }));
    }

    @TestFactory
    Stream<DynamicTest> earlyExitWhileLoopAtTripCounts0And1AndMany() {
        return java.util.Arrays.stream(OPSETS).mapToObj(opset -> DynamicTest.dynamicTest("opset " + opset, () -> {
            Newton m = new Newton();
            Tensor a = F.add(F.abs(floats(5, 4)), 1.0);
            Tensor sqrtA = F.sqrt(a);
            List<Tensor[]> runs = List.of(
                    new Tensor[] {a, sqrtA},                                  // converged already: 0 trips
                    new Tensor[] {fill(4f, 4), fill(2.001f, 4)},              // one step
                    new Tensor[] {a, fill(1f, 4)},                             // a few
                    new Tensor[] {fill(1e12f, 6), fill(1f, 6)});               // hits the bound of 20
            List<Long> trips = new ArrayList<>();
            for (Tensor[] r : runs) trips.add(eager(m, r).get(1).itemLong());
            assertEquals(0L, trips.get(0));
            assertEquals(1L, trips.get(1));
            assertTrue(trips.get(2) > 1 && trips.get(2) < 20, trips.toString());
            assertEquals(20L, trips.get(3));
            exportAndCompare("newton", m, opset, ExportOptions.builder().inputNames("a", "y0").outputNames("y", "steps")
                    .dynamicAxes("a", Map.of(0, "n")).dynamicAxes("y0", Map.of(0, "n")), List.of("a", "y0"),
                    new Tensor[] {a, fill(1f, 4)}, runs);
        }));
    }

    @TestFactory
    Stream<DynamicTest> scanImplementsAnRnnCell() {
        return java.util.Arrays.stream(OPSETS).mapToObj(opset -> DynamicTest.dynamicTest("opset " + opset, () -> {
            Init.manualSeed(4);
            Rnn m = new Rnn();
            Tensor xs = floats(6, 2, 4, 3), h0 = floats(7, 2, 5);
            exportAndCompare("rnn", m, opset, ExportOptions.builder().inputNames("xs", "h0")
                            .dynamicAxes("xs", Map.of(0, "batch", 1, "time")).dynamicAxes("h0", Map.of(0, "batch")),
                    List.of("xs", "h0"), new Tensor[] {xs, h0},
                    List.of(new Tensor[] {xs, h0}, new Tensor[] {floats(8, 3, 7, 3), floats(9, 3, 5)}, new Tensor[] {floats(1, 1, 1, 3), floats(2, 1, 5)}));
        }));
    }

    @Test
    void bodiesAreBlocksWithScopesAndOuterReads() {
        Init.manualSeed(1);
        Branchy m = new Branchy();
        Graph g = Tracer.trace(m, TraceOptions.defaults(), F.abs(floats(1, 2, 4)));
        Node iff = g.nodes().stream().filter(n -> n.kind().equals("prim::If")).findFirst().orElseThrow();
        assertEquals(2, iff.blocks().size());
        assertTrue(iff.blocks().get(0).nodes().stream().anyMatch(n -> n.scope().name().equals("fc")), g.toString());
        assertTrue(g.initializers().containsKey("fc.weight"));
    }

    @Test
    void branchesDisagreeingOnDtypeNameBothSources() {
        Module bad = new Module() {
            @Override public Object invoke(Tensor... in) {
                return F.cond(F.gt(F.sum(in[0]), 0), o -> new Tensor[] {F.mul(o[0], 2.0)}, o -> new Tensor[] {F.to(o[0], DType.INT64)}, in[0])[0];
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tracer.trace(bad, TraceOptions.defaults(), floats(1, 3)));
        assertTrue(e.getMessage().contains("then branch") && e.getMessage().contains("else branch")
                && e.getMessage().contains("ControlFlowLoweringTest.java:"), e.getMessage());
    }

    @Test
    void condOnAConstantPredicateFoldsAway() throws Exception {
        Module m = new Module() {
            @Override public Object invoke(Tensor... in) {
                return F.cond(Tensor.of(new boolean[] {true}), o -> new Tensor[] {F.mul(o[0], 2.0)}, o -> new Tensor[] {F.neg(o[0])}, in[0])[0];
            }
        };
        Path f = dir.resolve("folded.onnx");
        OnnxExport.export(m, new Tensor[] {floats(1, 3)}, f, ExportOptions.builder().build());
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(f));
        assertTrue(model.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("If")), model.getGraph().getNodeList().toString());
        assertTrue(model.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Mul")));
    }

    /** A conv + batch norm in the then branch, a conv + batch norm outside: the passes fold the outer pair and keep the branch correct. */
    static final class ConvInBranch extends Module {
        final dev.onnxport.nn.Conv2d c1 = registerModule("c1", new dev.onnxport.nn.Conv2d(2, 3, 3, 1, 1));
        final dev.onnxport.nn.BatchNorm2d b1 = registerModule("b1", new dev.onnxport.nn.BatchNorm2d(3));
        final dev.onnxport.nn.Conv2d c2 = registerModule("c2", new dev.onnxport.nn.Conv2d(3, 3, 3, 1, 1));
        final dev.onnxport.nn.BatchNorm2d b2 = registerModule("b2", new dev.onnxport.nn.BatchNorm2d(3));

        @Override public Object invoke(Tensor... in) {
            Tensor y = b1.forward(c1.forward(in[0]));
            return F.cond(F.gt(F.mean(y), 0.0), o -> new Tensor[] {b2.forward(c2.forward(o[0]))}, o -> new Tensor[] {F.relu(o[0])}, y)[0];
        }
    }

    @Test
    void passesAndLocalFunctionsLeaveBodiesCorrect() throws Exception {
        Init.manualSeed(5);
        ConvInBranch conv = new ConvInBranch();
        conv.eval();
        Tensor x = floats(3, 1, 2, 5, 5);
        exportAndCompare("conv-bn", conv, 17, ExportOptions.builder().inputNames("x"), List.of("x"), new Tensor[] {x},
                List.of(new Tensor[] {x}, new Tensor[] {F.neg(x)}, new Tensor[] {F.mul(x, 3.0)}));
        Init.manualSeed(1);
        exportAndCompare("functions-branch", new Branchy(), 17, ExportOptions.builder().inputNames("x").exportModulesAsFunctions(true),
                List.of("x"), new Tensor[] {F.abs(floats(1, 2, 4))}, List.of(new Tensor[] {F.abs(floats(1, 2, 4))}, new Tensor[] {F.neg(F.abs(floats(1, 2, 4)))}));
        Init.manualSeed(2);
        exportAndCompare("functions-loop", new NestedLoop(), 17, ExportOptions.builder().inputNames("x", "n").exportModulesAsFunctions(true),
                List.of("x", "n"), new Tensor[] {floats(3, 2, 3), Tensor.scalar(3L)},
                List.of(new Tensor[] {floats(3, 2, 3), Tensor.scalar(0L)}, new Tensor[] {floats(3, 2, 3), Tensor.scalar(4L)}));
    }

    @Test
    void condOnAPredicateComputedFromParametersFoldsAway() throws Exception {
        Module m = new Module() {
            final dev.onnxport.nn.Parameter w = registerParameter("w", Tensor.of(new float[] {1f, 2f}, 2));

            @Override public Object invoke(Tensor... in) {
                return F.cond(F.gt(F.sum(w.get()), 0), o -> new Tensor[] {F.mul(o[0], w.get())}, o -> new Tensor[] {F.neg(o[0])}, in[0])[0];
            }
        };
        Path f = dir.resolve("folded-param.onnx");
        OnnxExport.export(m, new Tensor[] {floats(1, 2)}, f, ExportOptions.builder().build());
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(f));
        assertTrue(model.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("If")), model.getGraph().getNodeList().toString());
    }

    /** A Java if on a traced value: the trace bakes the branch in; strict tracing names the line, a plain export warns. */
    static final class JavaIf extends Module {
        @Override public Object invoke(Tensor... in) {
            if (F.sum(in[0]).item() > 0) return F.mul(in[0], 2.0);   // the pitfall F.cond avoids
            return F.neg(in[0]);
        }
    }

    @Test
    void readingATracedValueAsANumberWarnsOrFailsWhenStrict() {
        Path f = dir.resolve("pitfall.onnx");
        OnnxExport.export(new JavaIf(), new Tensor[] {floats(1, 3)}, f, ExportOptions.builder().build());   // warns, exports
        dev.onnxport.errors.OnnxExporterError e = assertThrows(dev.onnxport.errors.OnnxExporterError.class,
                () -> OnnxExport.export(new JavaIf(), new Tensor[] {floats(1, 3)}, f, ExportOptions.builder().strict(true).build()));
        assertTrue(e.getMessage().contains("item()") && e.getMessage().contains("ControlFlowLoweringTest.java:")
                && e.getMessage().contains("F.cond"), e.getMessage());
        // F.cond reads its predicate itself: no error even when strict
        Init.manualSeed(1);
        OnnxExport.export(new Branchy(), new Tensor[] {floats(1, 2, 4)}, dir.resolve("strict-cond.onnx"), ExportOptions.builder().strict(true).build());
    }

    /** The graph interpreter (the divergence search's eager side) runs traced control flow like the model itself. */
    @Test
    void theGraphInterpreterRunsTracedControlFlow() {
        Init.manualSeed(2);
        NestedLoop loop = new NestedLoop();
        Graph g = Tracer.trace(loop, TraceOptions.defaults(), floats(3, 2, 3), Tensor.scalar(3L));
        for (long n : new long[] {0, 1, 4}) {
            Tensor x = floats(4, 2, 3);
            Object got = dev.onnxport.ir.GraphInterpreter.run(g, x, Tensor.scalar(n)).get(g.outputs().get(0));
            assertEquals(java.util.Arrays.toString(((Tensor) loop.invoke(x, Tensor.scalar(n))).toDoubleArray()),
                    java.util.Arrays.toString(((Tensor) got).toDoubleArray()), "n=" + n);
        }
        Init.manualSeed(4);
        Rnn rnn = new Rnn();
        Graph gr = Tracer.trace(rnn, TraceOptions.defaults(), floats(6, 2, 4, 3), floats(7, 2, 5));
        Tensor xs = floats(8, 2, 6, 3), h0 = floats(9, 2, 5);
        Map<dev.onnxport.ir.Value, Object> env = dev.onnxport.ir.GraphInterpreter.run(gr, xs, h0);
        List<Tensor> want = eager(rnn, xs, h0);
        for (int k = 0; k < 2; k++) {
            assertEquals(java.util.Arrays.toString(want.get(k).toDoubleArray()),
                    java.util.Arrays.toString(((Tensor) env.get(gr.outputs().get(k))).toDoubleArray()), "rnn output " + k);
        }
    }

    /** Branches whose outputs differ in size (dim 0: 2n rows or n): the If output's dim is unknown, ORT runs both. */
    @TestFactory
    Stream<DynamicTest> branchesMayDifferInSize() {
        Module m = new Module() {
            @Override public Object invoke(Tensor... in) {
                return F.cond(F.gt(F.sum(in[0]), 0), o -> new Tensor[] {F.cat(new Tensor[] {o[0], F.neg(o[0])}, 0)},
                        o -> new Tensor[] {F.mul(o[0], 3.0)}, in[0])[0];
            }
        };
        return java.util.Arrays.stream(OPSETS).mapToObj(opset -> DynamicTest.dynamicTest("opset " + opset, () -> {
            Tensor pos = F.abs(floats(1, 2, 3)), neg = F.neg(F.abs(floats(2, 2, 3)));
            if (opset < 11) {
                dev.onnxport.errors.OnnxExporterError e = assertThrows(dev.onnxport.errors.OnnxExporterError.class,
                        () -> OnnxExport.export(m, new Tensor[] {pos}, dir.resolve("sizes.onnx"), ExportOptions.builder().opsetVersion(opset).build()));
                assertTrue(e.getMessage().contains("opset 11"), e.getMessage());
                return;
            }
            Path f = exportAndCompare("sizes", m, opset, ExportOptions.builder().inputNames("x"), List.of("x"), new Tensor[] {pos},
                    List.of(new Tensor[] {pos}, new Tensor[] {neg}));
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(f));
            var dim0 = model.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(0);
            assertTrue(!dim0.hasDimValue(), "dim 0 differs between the branches, so it is not static: " + dim0);
        }));
    }

    @Test
    void opsetsBelow9AreRefusedNamingOpset9() {
        Init.manualSeed(2);
        dev.onnxport.errors.OnnxExporterError e = assertThrows(dev.onnxport.errors.OnnxExporterError.class,
                () -> OnnxExport.export(new NestedLoop(), new Tensor[] {floats(3, 2, 3), Tensor.scalar(3L)}, dir.resolve("o8.onnx"),
                        ExportOptions.builder().opsetVersion(8).build()));
        assertTrue(e.getMessage().contains("opset 9"), e.getMessage());
    }
}
