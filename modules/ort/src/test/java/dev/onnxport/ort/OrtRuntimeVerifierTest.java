package dev.onnxport.ort;

import static dev.onnxport.ort.TestModels.binary;
import static dev.onnxport.ort.TestModels.initializer;
import static dev.onnxport.ort.TestModels.intAttribute;
import static dev.onnxport.ort.TestModels.model;
import static dev.onnxport.ort.TestModels.node;
import static dev.onnxport.ort.TestModels.value;
import static dev.onnxport.ort.TestModels.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtRuntimeVerifierTest {
    @TempDir static Path dir;
    static OrtRuntimeVerifier ort;
    /** The core's comparison on ORT's outputs: elementwise (the op fixtures' rule) and the default (scale-aware). */
    static VerificationService elementwise, scaleAware;
    static Path add, matmul, cast, greater, dynamic, twoOutputs, broken;

    @BeforeAll
    static void writeModels() {
        ort = new OrtRuntimeVerifier(8);
        scaleAware = VerificationService.of(ort);
        elementwise = scaleAware.withPolicy(TolerancePolicy.elementwise());
        add = write(dir, "add.onnx", binary("Add", 2L, 3L));
        matmul = write(dir, "matmul.onnx", model(List.of(node("MatMul", List.of("x", "w"), List.of("y"))),
                List.of(value("x", DType.FLOAT32, 2L, 3L)), List.of(value("y", DType.FLOAT32, 2L, 2L)),
                initializer("w", new float[] {1, 0, 0, 1, 2, -1}, 3, 2)));
        cast = write(dir, "cast.onnx", model(
                List.of(node("Cast", List.of("x"), List.of("y"), intAttribute("to", DType.INT64.onnxCode()))),
                List.of(value("x", DType.FLOAT32, 4L)), List.of(value("y", DType.INT64, 4L))));
        greater = write(dir, "greater.onnx", binary("Greater", 4L));
        dynamic = write(dir, "dynamic.onnx", model(List.of(node("Relu", List.of("x"), List.of("y"))),
                List.of(value("x", DType.FLOAT32, "batch", 3L)), List.of(value("y", DType.FLOAT32, "batch", 3L))));
        twoOutputs = write(dir, "two.onnx", model(
                List.of(node("Neg", List.of("x"), List.of("z")), node("Abs", List.of("x"), List.of("a"))),
                List.of(value("x", DType.FLOAT32, 2L)),
                List.of(value("z", DType.FLOAT32, 2L), value("a", DType.FLOAT32, 2L))));
        broken = write(dir, "broken.onnx", model(List.of(node("Add", List.of("x", "nope"), List.of("z"))),
                List.of(value("x", DType.FLOAT32, 2L)), List.of(value("z", DType.FLOAT32, 2L))));
    }

    @AfterAll
    static void closeSessions() { ort.close(); }

    private static Tensor floats(long[] shape, float... v) { return Tensor.of(v, shape); }

    @Test
    void nameHasTheOrtVersion() {
        assertTrue(ort.name().matches("onnxruntime 1\\.\\d+\\.\\d+.*"), ort.name());
    }

    @Test
    void checkAcceptsValidModels() {
        for (Path m : List.of(add, matmul, cast, greater, dynamic, twoOutputs)) ort.check(m);
    }

    @Test
    void checkRejectsANodeReadingAnUndefinedValue() {
        CheckerError e = assertThrows(CheckerError.class, () -> ort.check(broken));
        assertTrue(e.getMessage().contains("broken.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("nope"), "ORT's message names the undefined input: " + e.getMessage());
        assertTrue(e.getCause() instanceof ai.onnxruntime.OrtException);
    }

    @Test
    void checkRejectsAMissingFile() {
        CheckerError e = assertThrows(CheckerError.class, () -> ort.check(dir.resolve("absent.onnx")));
        assertTrue(e.getMessage().contains("absent.onnx") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void runAdd() {
        Map<String, Tensor> out = ort.run(add, Map.of(
                "x", floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6),
                "y", floats(new long[] {2, 3}, 10, 20, 30, 40, 50, 60)));
        Tensor z = out.get("z");
        assertEquals(DType.FLOAT32, z.dtype());
        assertArrayEquals(new long[] {2, 3}, z.shape());
        assertArrayEquals(new float[] {11, 22, 33, 44, 55, 66}, z.floats());
    }

    @Test
    void runMatMulWithInitializer() {
        Tensor y = ort.run(matmul, Map.of("x", floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6))).get("y");
        // w = [[1, 0], [0, 1], [2, -1]]
        assertArrayEquals(new float[] {7, -1, 16, -1}, y.floats());
    }

    /**
     * Paths with characters outside the BMP, which ONNX Runtime's Java API garbles on their way to native code: the
     * model and its external data file (whose location holds emoji too) open and run, and the ASCII links made for
     * it are gone afterwards.
     */
    @Test
    void aModelWhosePathHoldsEmojiOpensAndRuns() throws java.io.IOException {
        Path folder = Files.createDirectories(dir.resolve("models \uD83D\uDE80"));
        ByteBuffer w = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        w.asFloatBuffer().put(new float[] {1, 0, 0, 1, 2, -1});
        Files.write(folder.resolve("w \uD83D\uDE80.bin"), w.array());
        dev.onnxport.onnx.proto.TensorProto.Builder ext = initializer("w", new float[6], 3, 2).toBuilder().clearRawData()
                .setDataLocation(dev.onnxport.onnx.proto.TensorProto.DataLocation.EXTERNAL);
        for (String[] kv : new String[][] {{"location", "w \uD83D\uDE80.bin"}, {"offset", "0"}, {"length", "24"}}) {
            ext.addExternalData(dev.onnxport.onnx.proto.StringStringEntryProto.newBuilder().setKey(kv[0]).setValue(kv[1]));
        }
        Path m = write(folder, "\uD83D\uDE80 matmul.onnx", model(List.of(node("MatMul", List.of("x", "w"), List.of("y"))),
                List.of(value("x", DType.FLOAT32, 2L, 3L)), List.of(value("y", DType.FLOAT32, 2L, 2L)), ext.build()));
        try (OrtRuntimeVerifier once = new OrtRuntimeVerifier(1)) {
            once.check(m);
            Tensor y = once.run(m, Map.of("x", floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6))).get("y");
            assertArrayEquals(new float[] {7, -1, 16, -1}, y.floats());
        }
        try (var s = Files.list(dev.onnxport.util.Temporaries.systemTemp())) {
            String mine = "onnxport-ort-" + ProcessHandle.current().pid() + "-";
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(mine)).toList(), "links left behind");
        }
    }

    @Test
    void runCastToInt64Truncates() {
        Tensor y = ort.run(cast, Map.of("x", floats(new long[] {4}, 1.7f, -1.7f, 2.5f, -0.4f))).get("y");
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new long[] {1, -1, 2, 0}, y.toLongArray());
    }

    @Test
    void runBoolOutput() {
        Tensor z = ort.run(greater, Map.of("x", floats(new long[] {4}, 1, 5, 3, -2),
                "y", floats(new long[] {4}, 2, 4, 3, -3))).get("z");
        assertEquals(DType.BOOL, z.dtype());
        assertArrayEquals(new long[] {0, 1, 0, 1}, z.toLongArray());
    }

    @Test
    void dynamicBatchRunsAtTwoSizes() {
        Tensor one = ort.run(dynamic, Map.of("x", floats(new long[] {1, 3}, -1, 2, -3))).get("y");
        assertArrayEquals(new long[] {1, 3}, one.shape());
        assertArrayEquals(new float[] {0, 2, 0}, one.floats());
        Tensor three = ort.run(dynamic, Map.of("x", floats(new long[] {3, 3}, 1, -2, 3, -4, 5, -6, 7, -8, 9))).get("y");
        assertArrayEquals(new long[] {3, 3}, three.shape());
        assertArrayEquals(new float[] {1, 0, 3, 0, 5, 0, 7, 0, 9}, three.floats());
    }

    @Test
    void outputsComeInGraphOrder() {
        Map<String, Tensor> out = ort.run(twoOutputs, Map.of("x", floats(new long[] {2}, -1, 2)));
        assertEquals(List.of("z", "a"), new ArrayList<>(out.keySet()));
        assertArrayEquals(new float[] {1, -2}, out.get("z").floats());
        assertArrayEquals(new float[] {1, 2}, out.get("a").floats());
    }

    @Test
    void wrongInputsFailBeforeRunningWithClearMessages() {
        Tensor x = floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        String unknown = message(() -> ort.run(add, Map.of("x", x, "y", x, "w", x)));
        assertTrue(unknown.contains("no input named 'w'") && unknown.contains("[x, y]"), unknown);
        String missing = message(() -> ort.run(add, Map.of("x", x)));
        assertTrue(missing.contains("needs input 'y' (float32[2, 3])"), missing);
        String dtype = message(() -> ort.run(add, Map.of("x", x, "y", x.to(DType.FLOAT64))));
        assertTrue(dtype.contains("input 'y' of add.onnx is float32[2, 3] but the given tensor is float64"), dtype);
        String rank = message(() -> ort.run(dynamic, Map.of("x", floats(new long[] {3}, 1, 2, 3))));
        assertTrue(rank.contains("has rank 2 (float32[batch, 3])") && rank.contains("shape [3]"), rank);
        String dim = message(() -> ort.run(dynamic, Map.of("x", floats(new long[] {1, 2}, 1, 2))));
        assertTrue(dim.contains("dimension 1 is fixed at 3"), dim);
        String meta = message(() -> ort.run(dynamic, Map.of("x", Tensor.meta(DType.FLOAT32, 1, 3))));
        assertTrue(meta.contains("meta tensor"), meta);
    }

    @Test
    void anInitializerThatIsAlsoAGraphInputIsOptional() {
        Path model = write(dir, "overridable.onnx", model(List.of(node("Add", List.of("x", "w"), List.of("z"))),
                List.of(value("x", DType.FLOAT32, 2L), value("w", DType.FLOAT32, 2L)),
                List.of(value("z", DType.FLOAT32, 2L)), initializer("w", new float[] {10, 20}, 2)));
        assertArrayEquals(new float[] {11, 22}, ort.run(model, Map.of("x", floats(new long[] {2}, 1, 2))).get("z").floats());
    }

    @Test
    void aFailureInsideTheRunIsACheckerErrorWithOrtsMessage() {
        Path model = write(dir, "unbroadcastable.onnx", binary("Add", "n"));
        CheckerError e = assertThrows(CheckerError.class, () -> ort.run(model,
                Map.of("x", floats(new long[] {2}, 1, 2), "y", floats(new long[] {3}, 1, 2, 3))));
        assertTrue(e.getMessage().startsWith("ONNX Runtime failed to run unbroadcastable.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("broadcast"), e.getMessage());
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void stridedViewsAndBufferStorageAreFedInLogicalOrder() {
        Tensor base = floats(new long[] {3, 2}, 1, 2, 3, 4, 5, 6);
        Tensor transposed = base.asStrided(new long[] {2, 3}, new long[] {1, 2}, 0);  // [[1, 3, 5], [2, 4, 6]]
        ByteBuffer bytes = ByteBuffer.allocate(7 * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(new float[] {99, 10, 20, 30, 40, 50, 60});
        Tensor mapped = Tensor.wrap(new BufferStorage(DType.FLOAT32, bytes.asReadOnlyBuffer()), 7)
                .asStrided(new long[] {2, 3}, new long[] {3, 1}, 1);  // skips the 99
        Tensor z = ort.run(add, Map.of("x", transposed, "y", mapped)).get("z");
        assertArrayEquals(new float[] {11, 23, 35, 42, 54, 66}, z.floats());
    }

    @Test
    void verifyPassesForRightValuesAndPointsAtAPlantedError() {
        Map<String, Tensor> in = Map.of("x", floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6),
                "y", floats(new long[] {2, 3}, 1, 1, 1, 1, 1, 1));
        VerificationReport ok = elementwise.compare(add, in, List.of(floats(new long[] {2, 3}, 2, 3, 4, 5, 6, 7)));
        assertTrue(ok.passed(), ok.summary());
        assertTrue(ok.runtime().startsWith("onnxruntime "));
        assertEquals(-1, ok.outputs().get(0).worstIndex());

        VerificationReport bad = elementwise.compare(add, in, List.of(floats(new long[] {2, 3}, 2, 3, 4, 5, 6.5f, 7.0001f)));
        VerificationReport.Output z = bad.outputs().get(0);
        assertFalse(bad.passed());
        assertEquals("z", z.name());
        assertEquals(4, z.worstIndex());
        assertEquals(0.5, z.maxAbsError(), 1e-6);
        assertNull(z.fault());
        assertTrue(bad.summary().startsWith("z: MISMATCH max|err| 0.5"), bad.summary());
    }

    @Test
    void verifyReportsDtypeShapeAndCountFaults() {
        Map<String, Tensor> in = Map.of("x", floats(new long[] {2}, -1, 2));
        VerificationReport r = elementwise.compare(twoOutputs, in, List.of(Tensor.of(new double[] {1, -2})));
        assertEquals(2, r.outputs().size());
        assertEquals("dtype float32, expected float64", r.outputs().get(0).fault());
        assertTrue(r.outputs().get(1).fault().startsWith("no expected tensor"), r.outputs().get(1).fault());

        VerificationReport shape = elementwise.compare(dynamic, Map.of("x", floats(new long[] {1, 3}, 1, 2, 3)),
                List.of(floats(new long[] {3, 1}, 1, 2, 3), floats(new long[] {1}, 0)));
        assertEquals("shape [1, 3], expected [3, 1]", shape.outputs().get(0).fault());
        assertEquals("#1", shape.outputs().get(1).name());
        assertFalse(shape.passed());
        assertTrue(shape.summary().contains("MISMATCH (shape [1, 3], expected [3, 1])"), shape.summary());
    }

    @Test
    void scaleAwareAcceptsNoiseInSmallElementsThatElementwiseRejects() {
        Map<String, Tensor> in = Map.of("x", floats(new long[] {2, 3}, 1000, 0.001f, 5, 0, 0, 0),
                "y", floats(new long[] {2, 3}, 0, 0, 0, 0, 0, 0));
        List<Tensor> want = List.of(floats(new long[] {2, 3}, 1000, 0.002f, 5, 0, 0, 0));
        VerificationReport perElement = elementwise.compare(add, in, want);
        VerificationReport byScale = scaleAware.compare(add, in, want);
        assertFalse(perElement.passed());
        assertEquals(1, perElement.outputs().get(0).worstIndex());
        assertTrue(byScale.passed(), byScale.summary());
        assertEquals(1e-6, byScale.outputs().get(0).maxRelError(), 1e-8);
    }

    @Test
    void runOnceKeepsNoSession() {
        Path once = write(dir, "once.onnx", binary("Mul", 2L));
        Map<String, Tensor> in = Map.of("x", floats(new long[] {2}, 2, 3), "y", floats(new long[] {2}, 1, 2));
        try (OrtRuntimeVerifier fresh = new OrtRuntimeVerifier(2)) {
            assertArrayEquals(new float[] {2, 6}, fresh.runOnce(once, in).get("z").floats());
            assertEquals(0, fresh.cachedSessions());
            assertArrayEquals(new float[] {2, 6}, fresh.run(once, in).get("z").floats());
            assertEquals(1, fresh.cachedSessions(), "run caches the session, runOnce does not");
        }
    }

    @Test
    void aChangedFileGetsANewSession() throws Exception {
        Path model = write(dir, "changing.onnx", binary("Add", 2L));
        Map<String, Tensor> in = Map.of("x", floats(new long[] {2}, 5, 7), "y", floats(new long[] {2}, 1, 2));
        assertArrayEquals(new float[] {6, 9}, ort.run(model, in).get("z").floats());
        FileTime before = Files.getLastModifiedTime(model);
        write(dir, "changing.onnx", binary("Sub", 2L));
        Files.setLastModifiedTime(model, FileTime.fromMillis(before.toMillis() + 10_000));
        assertArrayEquals(new float[] {4, 5}, ort.run(model, in).get("z").floats());
    }

    @Test
    void aBoundedCacheIsSafeUnderConcurrentUseAndEviction() throws Exception {
        Path sub = write(dir, "sub.onnx", binary("Sub", 2L, 3L));
        Map<String, Tensor> in = Map.of("x", floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6),
                "y", floats(new long[] {2, 3}, 1, 1, 1, 1, 1, 1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        OrtRuntimeVerifier small = new OrtRuntimeVerifier(1);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        boolean adding = (i + id) % 2 == 0;
                        float[] z = small.run(adding ? add : sub, in).get("z").floats();
                        assertArrayEquals(adding ? new float[] {2, 3, 4, 5, 6, 7} : new float[] {0, 1, 2, 3, 4, 5}, z);
                    }
                }));
            }
            for (Future<?> f : jobs) f.get();
            assertEquals(1, small.cachedSessions());
            small.close();
            assertEquals(0, small.cachedSessions());
            assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, small.run(add, in).get("z").floats());
        } finally {
            pool.shutdown();
            small.close();
        }
    }
}
