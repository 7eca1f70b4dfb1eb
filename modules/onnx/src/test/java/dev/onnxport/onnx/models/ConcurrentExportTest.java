package dev.onnxport.onnx.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.SymbolicFunction;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 exports from 8 threads in one JVM write the same bytes as the same exports run one at a time: the small
 * fixture models (fixture weights, each export building its own instance) at two opsets, and models calling a
 * user operator whose symbolic function the exporting thread registers just before its export and removes
 * after it, while another thread keeps registering and removing an unrelated one.
 */
class ConcurrentExportTest {
    private static final List<String> FIXTURES = List.of("mlp", "lenet", "lstm_tagger", "gru_bidir", "tiny_gpt", "tiny_bert");
    private static final int[] OPSETS = {13, 17};
    private static final int EXPORTS = 100, THREADS = 8;

    @TempDir Path dir;

    /** One export: what to build and how to export it, and its name. */
    private record Job(String name, Module model, Tensor[] args, ExportOptions options, UserOp userOp) {}

    /**
     * A user operator {@code concurrent::scaled_<id>} (tanh in eager mode) that only its own model calls, and a
     * symbolic function for it that writes a {@code concurrent::Scaled} node with its own alpha.
     */
    private record UserOp(String name, double alpha) {
        static UserOp of(int id) {
            UserOp u = new UserOp("concurrent::scaled_" + id, 0.25 + id / 64.0);
            synchronized (UserOp.class) {
                if (!AtenOps.registry().contains(u.name)) {
                    AtenOps.registry().register(u.name + "(Tensor self) -> Tensor", Kernel.single(a -> {
                        double[] v = a.tensor(0).toDoubleArray();
                        float[] out = new float[v.length];
                        for (int i = 0; i < v.length; i++) out[i] = (float) Math.tanh(v[i]);
                        return Tensor.of(out, a.tensor(0).shape());
                    }), ShapeRule.single(a -> a.tensor(0).toMeta()));
                }
            }
            return u;
        }

        SymbolicFunction symbolic() {
            return c -> new Value[] {c.op("concurrent", "Scaled", c.input(0)).attr("alpha", alpha).output()};
        }

        /** Linear(8, 16) with weights from seed {@code id}, then the user op. */
        Module model(int id) {
            Linear lin = Init.seeded(1000 + id, () -> new Linear(8, 16));
            String op = name;
            return new Module() {
                { registerModule("lin", lin); }

                @Override public Object invoke(Tensor... in) {
                    return AtenOps.registry().get(op).call1((Tensor) lin.invoke(in[0]));
                }
            };
        }
    }

    @Test
    void concurrentExportsMatchSequentialOnes() throws Exception {
        Map<String, ModelFixtures> fixtures = new LinkedHashMap<>();
        Map<String, Tensor[]> inputs = new LinkedHashMap<>();
        for (String f : FIXTURES) {
            ModelFixtures mf = ModelFixtures.load(f);
            fixtures.put(f, mf);
            inputs.put(f, mf.args(mf.io("io")));
        }
        Tensor userInput = Tensor.of(new float[] {0.5f, -1, 2, 0, 1, -3, 0.25f, 4, 1, 1, -1, 2, 3, 0, -2, 0.5f}, 2, 8);

        // job i: a fixture model (at one of two opsets) for 4 in 5 of the jobs, else a user-op model of its own
        List<java.util.function.Supplier<Job>> jobs = new ArrayList<>();
        for (int i = 0; i < EXPORTS; i++) {
            int id = i;
            if (i % 5 == 4) {
                UserOp u = UserOp.of(id);
                jobs.add(() -> new Job("user_" + id, u.model(id), new Tensor[] {userInput},
                        ExportOptions.builder().opsetVersion(17).customOpset("concurrent", 1).build(), u));
            } else {
                ModelFixtures mf = fixtures.get(FIXTURES.get(i % FIXTURES.size()));
                int opset = OPSETS[(i / FIXTURES.size()) % OPSETS.length];
                jobs.add(() -> new Job(mf.name() + "_" + opset, mf.model(), inputs.get(mf.name()), mf.options(opset).build(), null));
            }
        }

        // one at a time: the reference bytes of each distinct export
        Map<String, byte[]> expected = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (var job : jobs) {
            Job j = job.get();
            if (!expected.containsKey(j.name())) expected.put(j.name(), Files.readAllBytes(run(j, dir.resolve("seq_" + j.name() + ".onnx"))));
        }
        long sequentialMs = (System.nanoTime() - t0) / 1_000_000;
        assertUserOpLowered(expected.get("user_4"), 0.25 + 4 / 64.0);

        // 8 threads, while another thread churns the registry
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong churns = new AtomicLong();
        Thread churn = new Thread(() -> {
            SymbolicFunction identity = c -> new Value[] {c.input(0)};
            while (!stop.get()) {
                OnnxExport.registerCustomOpSymbolic("noise::op", 9, identity);
                OnnxExport.unregisterCustomOpSymbolic("noise::op", 9);
                churns.incrementAndGet();
            }
        }, "registry-churn");
        churn.start();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Path>> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        t0 = System.nanoTime();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                var job = jobs.get(i);
                int n = i;
                files.add(pool.submit(() -> {
                    Job j = job.get();
                    return run(j, dir.resolve("par_" + n + "_" + j.name() + ".onnx"));
                }));
            }
            for (Future<Path> f : files) {
                Path p = f.get(5, TimeUnit.MINUTES);
                names.add(p.getFileName().toString());
            }
        } finally {
            pool.shutdownNow();
            stop.set(true);
            churn.join();
        }
        long concurrentMs = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(EXPORTS, files.size());
        for (int i = 0; i < files.size(); i++) {
            String name = names.get(i).replaceFirst("^par_\\d+_", "").replaceFirst("\\.onnx$", "");
            assertArrayEquals(expected.get(name), Files.readAllBytes(files.get(i).get()),
                    names.get(i) + " differs from the same export run alone");
        }
        assertTrue(churns.get() > 0);
        System.out.printf("%d exports: %d distinct one at a time in %d ms, all on %d threads in %d ms; %d registry churns%n",
                EXPORTS, expected.size(), sequentialMs, THREADS, concurrentMs, churns.get());
    }

    /** Exports {@code j} to {@code file}; a user-op job registers its symbolic function only around its own export. */
    private static Path run(Job j, Path file) {
        if (j.userOp() != null) OnnxExport.registerCustomOpSymbolic(j.userOp().name(), 9, j.userOp().symbolic());
        try {
            OnnxExport.export(j.model(), j.args(), file, j.options());
        } finally {
            if (j.userOp() != null) OnnxExport.unregisterCustomOpSymbolic(j.userOp().name(), 9);
        }
        return file;
    }

    /** The user-op model really went through its own symbolic function: one concurrent::Scaled node with its alpha. */
    private static void assertUserOpLowered(byte[] model, double alpha) throws Exception {
        List<NodeProto> scaled = ModelProto.parseFrom(model).getGraph().getNodeList().stream()
                .filter(n -> n.getDomain().equals("concurrent") && n.getOpType().equals("Scaled")).toList();
        assertEquals(1, scaled.size(), scaled::toString);
        assertEquals((float) alpha, scaled.get(0).getAttribute(0).getF());
    }
}
