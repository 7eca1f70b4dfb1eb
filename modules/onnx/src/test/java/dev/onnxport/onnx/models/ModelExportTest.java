package dev.onnxport.onnx.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.nn.Module;
import dev.onnxport.onnx.checker.Problem;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.testing.ModelFixtures;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Whole-model conformance: each fixture model exported at each opset 9..26 with its dynamic axes passes the
 * structural checker (and the official ONNX 1.17 checker up to opset 22, the newest it knows) and runs in ONNX Runtime on both fixture sizes (scale-aware tolerance); at opset 17 the graph
 * is clean (no Identity, no unused initializer, BatchNorm folded into Conv, Gemm for the MLP) and not larger than
 * torch's; a shape-only trace exports the same bytes. Prints a model x opset table (also in target/).
 */
class ModelExportTest {
    static final int MIN_OPSET = 9, MAX_OPSET = dev.onnxport.onnx.writer.IrVersions.MAX_OPSET;
    private static final Path OUT = Path.of("target", "model-export");
    /** model -> opset -> "ok" or the failure's first line. */
    private static final Map<String, Map<Integer, String>> RESULTS = new ConcurrentHashMap<>();
    /** model -> our node count at opset 17. */
    private static final Map<String, Integer> NODES17 = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicNode> everyModelAtEveryOpset() throws Exception {
        return Fixtures.factory(() -> {
            List<DynamicTest> tests = new ArrayList<>();
            for (String name : selected()) {
                for (int opset = MIN_OPSET; opset <= MAX_OPSET; opset++) {
                    int o = opset;
                    String checkers = OfficialChecker.knows(o) ? "" : " (structural checker + ORT; the official checker stops at 22)";
                    tests.add(DynamicTest.dynamicTest(name + " opset " + o + checkers, () -> conformance(name, o)));
                }
            }
            return tests.stream();
        });
    }

    @TestFactory
    Stream<DynamicNode> graphQualityAtOpset17() throws Exception {
        return Fixtures.factory(() -> selected().stream().map(name -> DynamicTest.dynamicTest(name + " graph quality", () -> quality(name))));
    }

    @TestFactory
    Stream<DynamicNode> shapeOnlyTraceGivesTheSameFile() throws Exception {
        return Fixtures.factory(() -> Stream.of("mlp", "tiny_gpt").filter(selected()::contains)
                .map(name -> DynamicTest.dynamicTest(name + " shape-only", () -> shapeOnly(name))));
    }

    /**
     * Every fixture model, or those of -Donnxport.model=a,b (each must be a fixture model); the fixtures must be
     * present (fails under CI, else the factory reports one skipped test) and hold each selected model.
     */
    private static List<String> selected() {
        List<String> only = Fixtures.only("onnxport.model", ModelFixtures.MODELS);
        List<String> names = only == null ? ModelFixtures.MODELS : only;
        for (String n : names) Fixtures.model(n);
        return names;
    }

    private static void conformance(String name, int opset) throws IOException {
        String result = "FAIL";
        try {
            ModelFixtures f = ModelFixtures.load(name);
            Path file = f.export(f.model(), f.options(opset).build(), file(name + "-opset" + opset));
            ModelProto model = ModelFixtures.read(file);
            List<Problem> problems = StructuralChecker.check(model, file.getParent());
            assertTrue(problems.isEmpty(), name + " at opset " + opset + " fails the structural checker: " + problems);
            String official = OfficialChecker.knows(opset) ? OfficialChecker.checkFile(file) : null;
            assertTrue(official == null, name + " at opset " + opset + " fails the official ONNX checker: " + official);
            if (opset == 17) NODES17.put(name, model.getGraph().getNodeCount());
            RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
            assertNotNull(ort, "no RuntimeVerifier on the class path (modules/ort is a test dependency)");
            for (String io : List.of("io", "io_alt")) {
                var t = f.io(io);
                VerificationReport r = VerificationService.of(ort).compare(file, f.feeds(t), f.expected(t));
                if (!r.passed()) fail(name + " at opset " + opset + " differs from PyTorch on " + io + ":\n" + r.summary());
            }
            Files.delete(file);
            result = "ok";
        } catch (Throwable e) {
            result = "FAIL " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            throw e;
        } finally {
            RESULTS.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(opset, result);
        }
    }

    private static void quality(String name) throws IOException {
        ModelFixtures f = ModelFixtures.load(name);
        Path file = f.export(f.model(), f.options(17).build(), file(name + "-quality"));
        GraphProto g = ModelFixtures.read(file).getGraph();
        Map<String, Integer> histogram = new TreeMap<>();
        for (NodeProto n : g.getNodeList()) histogram.merge(n.getOpType(), 1, Integer::sum);
        System.out.printf("%-13s opset 17: %d nodes (torch 1.13: %d) %s%n", name, g.getNodeCount(), f.torchNodes(), histogram);
        assertFalse(histogram.containsKey("Identity"), name + " has Identity nodes");
        Set<String> read = new HashSet<>();
        for (NodeProto n : g.getNodeList()) read.addAll(n.getInputList());
        g.getOutputList().forEach(o -> read.add(o.getName()));
        for (TensorProto t : g.getInitializerList()) assertTrue(read.contains(t.getName()), name + ": initializer " + t.getName() + " is unused");
        if (name.equals("resnet18") || name.equals("mobilenet_v2")) {
            assertFalse(histogram.containsKey("BatchNormalization"), name + ": BatchNormalization left after Conv " + histogram);
        }
        if (name.equals("mlp")) assertTrue(histogram.getOrDefault("Gemm", 0) == 3, "mlp: three Gemm expected " + histogram);
        assertTrue(g.getNodeCount() <= f.torchNodes(), name + ": " + g.getNodeCount() + " nodes, torch has " + f.torchNodes());
        Files.delete(file);
    }

    private static void shapeOnly(String name) throws IOException {
        ModelFixtures f = ModelFixtures.load(name);
        Module m = f.model();
        Path normal = f.export(m, f.options(17).build(), file(name + "-normal"));
        Path shapes = f.export(m, f.options(17).shapeOnlyTrace(true).build(), file(name + "-shape-only"));
        assertArrayEquals(Files.readAllBytes(normal), Files.readAllBytes(shapes), name + ": shape-only export differs");
        Files.delete(normal);
        Files.delete(shapes);
    }

    private static Path file(String stem) throws IOException {
        return Files.createDirectories(OUT).resolve(stem + ".onnx");
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String l = s.lines().findFirst().orElse("");
        return l.length() > 140 ? l.substring(0, 140) + "..." : l;
    }

    @AfterAll
    static void summary() throws IOException {
        if (RESULTS.isEmpty()) return;
        StringBuilder sb = new StringBuilder(String.format("%-13s", "model"));
        for (int o = MIN_OPSET; o <= MAX_OPSET; o++) sb.append(String.format(" %4d", o));
        sb.append("  nodes@17 torch\n");
        Map<String, String> failures = new TreeMap<>();
        int pass = 0, total = 0;
        for (String name : ModelFixtures.MODELS) {
            Map<Integer, String> r = RESULTS.get(name);
            if (r == null) continue;
            sb.append(String.format("%-13s", name));
            for (int o = MIN_OPSET; o <= MAX_OPSET; o++) {
                String s = r.get(o);
                sb.append(String.format(" %4s", s == null ? "-" : s.equals("ok") ? "ok" : "FAIL"));
                if (s != null) total++;
                if ("ok".equals(s)) pass++;
                else if (s != null) failures.putIfAbsent(name + " @" + o, s);
            }
            Integer n = NODES17.get(name);
            sb.append(String.format("  %8s %5d%n", n == null ? "-" : n, ModelFixtures.load(name).torchNodes()));
        }
        sb.append(pass).append(" passed, ").append(total - pass).append(" failed\n");
        Map<String, String> firstByModel = new HashMap<>();
        failures.forEach((k, v) -> firstByModel.putIfAbsent(k.substring(0, k.indexOf(' ')), k + ": " + v));
        new TreeMap<>(firstByModel).values().forEach(v -> sb.append("  ").append(v).append('\n'));
        System.out.print(sb);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("summary.txt"), sb.toString());
    }
}
