package dev.onnxport.fallthrough.proof;

import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OpCases;

import dev.onnxport.testing.Golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.ModelFixtures;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The proof per export mode (issue 4, item 9): at opset 17, through {@link OnnxExport}, every op case of the fixture
 * manifest (as a one-op model) and every fixture model (weights loaded, dynamic axes of model.json) is exported in
 * each mode, and every file passes the official ONNX checker ({@link OfficialChecker#checkFile}: full check with
 * check_custom_domain off, which accepts nodes of an imported custom domain such as {@code org.pytorch.aten::ATen}
 * and skips them in shape inference). ONNX and ONNX_ATEN_FALLBACK files run in ONNX Runtime against PyTorch's outputs
 * (ops: rtol 1e-4, atol 1e-5; models: scale-aware, on io and io_alt); so do ONNX_FALLTHROUGH files without
 * custom-domain nodes. The node layout of ONNX_ATEN and ONNX_FALLTHROUGH files is compared with golden files
 * ({@code -Dgolden.update=true} rewrites them). {@code -Donnxport.case=a,b} and {@code -Donnxport.model=a,b} narrow
 * the run (the op goldens are then not compared).
 */
class ExportModesProofTest {
    static final int OPSET = 17;
    private static final Path OUT = Path.of("target", "modes");
    private static final List<OperatorExportType> GOLDEN_MODES = List.of(OperatorExportType.ONNX_ATEN, OperatorExportType.ONNX_FALLTHROUGH);
    /** mode -> {op cases passed, op cases run, models passed, models run}. */
    private static final Map<OperatorExportType, int[]> COUNTS = new ConcurrentHashMap<>();
    /** mode -> case id -> one-line node layout. */
    private static final Map<OperatorExportType, Map<String, String>> LAYOUTS = new ConcurrentHashMap<>();

    /** Every manifest case (at least {@link Fixtures#OP_CASES}) in every mode; {@code -Donnxport.case} must name cases. */
    @TestFactory
    Stream<DynamicNode> everyOpCaseInEveryMode() throws Exception {
        return Fixtures.factory(() -> {
            List<String> only = Fixtures.only("onnxport.case", OpCases.ids());
            List<OpCases.Case> cases = OpCases.load().stream().filter(c -> only == null || only.contains(c.id())).toList();
            Fixtures.floor("op cases", cases.size(), only == null ? OpCases.ids().size() : only.size());
            List<DynamicNode> modes = new ArrayList<>();
            for (OperatorExportType mode : OperatorExportType.wellKnown()) {
                List<DynamicNode> tests = new ArrayList<>();
                for (OpCases.Case c : cases) tests.add(DynamicTest.dynamicTest(c.id(), () -> opCase(mode, c)));
                if (only == null && GOLDEN_MODES.contains(mode)) {
                    tests.add(DynamicTest.dynamicTest("golden op layout", () -> Golden.check(golden(mode, "ops"), opsLayout(mode, cases))));
                }
                modes.add(DynamicContainer.dynamicContainer(mode.name() + " ops", tests));
            }
            return modes.stream();
        });
    }

    /** Every fixture model (each folder must exist) in every mode; {@code -Donnxport.model} must name fixture models. */
    @TestFactory
    Stream<DynamicNode> everyFixtureModelInEveryMode() throws Exception {
        return Fixtures.factory(() -> {
            List<String> only = Fixtures.only("onnxport.model", Fixtures.MODELS);
            List<String> names = only == null ? Fixtures.MODELS : only;
            for (String n : names) Fixtures.model(n);
            List<DynamicNode> modes = new ArrayList<>();
            for (OperatorExportType mode : OperatorExportType.wellKnown()) {
                modes.add(DynamicContainer.dynamicContainer(mode.name() + " models",
                        names.stream().map(n -> DynamicTest.dynamicTest(n, () -> fixtureModel(mode, n)))));
            }
            return modes.stream();
        });
    }

    private static void opCase(OperatorExportType mode, OpCases.Case c) throws IOException {
        int[] n = COUNTS.computeIfAbsent(mode, k -> new int[4]);
        n[1]++;
        Map<String, Tensor> inputs = c.inputs();
        Path file = file(mode, c.id());
        ExportOptions o = ExportOptions.builder().opsetVersion(OPSET).operatorExportType(mode)
                .inputNames(new ArrayList<>(inputs.keySet())).outputNames(c.outputs()).build();
        OnnxExport.export(c.model(), inputs.values().toArray(Tensor[]::new), file, o);
        ModelProto m = judge(mode, c.id(), file);
        LAYOUTS.computeIfAbsent(mode, k -> new ConcurrentHashMap<>()).put(c.id(), NodeLayout.oneLine(m));
        sameAsOnnx(mode, m, c.model(), inputs.values().toArray(Tensor[]::new), o, file);
        if (!NodeLayout.hasCustomDomain(m)) {
            VerificationReport r = VerificationService.of(ort()).withPolicy(TolerancePolicy.elementwise())
                    .compare(file, inputs, c.expected());
            if (!r.passed()) fail(c.id() + " in " + mode + " differs from PyTorch in " + r.runtime() + ":\n" + r.summary());
        }
        Files.delete(file);
        n[0]++;
    }

    private static void fixtureModel(OperatorExportType mode, String name) throws IOException {
        int[] n = COUNTS.computeIfAbsent(mode, k -> new int[4]);
        n[3]++;
        ModelFixtures f = ModelFixtures.load(name);
        Path file = file(mode, name);
        ExportOptions o = f.options(OPSET).operatorExportType(mode).build();
        OnnxExport.export(f.model(), f.args(f.io("io")), file, o);
        ModelProto m = judge(mode, name, file);
        if (GOLDEN_MODES.contains(mode)) Golden.check(golden(mode, name), NodeLayout.model(m));
        sameAsOnnx(mode, m, f.model(), f.args(f.io("io")), o, file);
        if (!NodeLayout.hasCustomDomain(m)) {
            // the io_alt sizes need the dynamic axes, which every model has in the modes that reach here
            for (String io : List.of("io", "io_alt")) {
                ModelFixture.Io t = f.io(io);
                VerificationReport r = VerificationService.of(ort()).compare(file, f.feeds(t), f.expected(t));
                if (!r.passed()) fail(name + " in " + mode + " differs from PyTorch on " + io + " in " + r.runtime() + ":\n" + r.summary());
            }
        }
        Files.delete(file);
        n[2]++;
    }

    /**
     * The official checker accepts the file; ONNX and ONNX_ATEN_FALLBACK files (which must run in ONNX Runtime) hold
     * no custom-domain node, ONNX_ATEN files only {@code org.pytorch.aten::ATen} nodes and {@code Constant}s (the
     * constant elements of size lists computed while the model runs).
     */
    private static ModelProto judge(OperatorExportType mode, String what, Path file) throws IOException {
        String official = OfficialChecker.checkFile(file);
        if (official != null) fail(what + " in " + mode + ": the official ONNX checker rejects the model: " + official);
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(file));
        if (mode.equals(OperatorExportType.ONNX) || mode.equals(OperatorExportType.ONNX_ATEN_FALLBACK)) {
            assertFalse(NodeLayout.hasCustomDomain(m), what + " in " + mode + " has custom-domain nodes: " + NodeLayout.oneLine(m));
        }
        if (mode.equals(OperatorExportType.ONNX_ATEN)) {
            m.getGraph().getNodeList().forEach(node -> assertTrue(List.of("org.pytorch.aten::ATen", "::Constant")
                    .contains(node.getDomain() + "::" + node.getOpType()), what + ": " + NodeLayout.oneLine(m)));
        }
        return m;
    }

    /**
     * Where a symbolic function converts every op, ATEN_FALLBACK and FALLTHROUGH write the ONNX export's file. Like
     * torch, those modes neither fold constants nor (by default) drop initializers from the inputs, so the ONNX export
     * compared with is made with those effective options.
     */
    private static void sameAsOnnx(OperatorExportType mode, ModelProto m, Module model, Tensor[] args, ExportOptions o, Path file)
            throws IOException {
        if (mode.equals(OperatorExportType.ONNX) || mode.equals(OperatorExportType.ONNX_ATEN) || NodeLayout.hasCustomDomain(m)) return;
        Path onnx = file.resolveSibling(file.getFileName() + ".as-onnx.onnx");
        OnnxExport.export(model, args, onnx, o.toBuilder().operatorExportType(OperatorExportType.ONNX).doConstantFolding(false)
                .keepInitializersAsInputs(o.effectiveKeepInitializersAsInputs()).build());
        assertArrayEquals(Files.readAllBytes(onnx), Files.readAllBytes(file), file.getFileName() + ": the " + mode
                + " export differs from the ONNX export with the same effective options");
        Files.delete(onnx);
    }

    private static String opsLayout(OperatorExportType mode, List<OpCases.Case> cases) {
        Map<String, String> layouts = LAYOUTS.getOrDefault(mode, Map.of());
        StringBuilder sb = new StringBuilder("# ").append(mode).append(", opset ").append(OPSET)
                .append(": the nodes of each op case of fixtures/ops/manifest.json exported as a one-op model\n");
        for (OpCases.Case c : cases) sb.append(c.id()).append(": ").append(layouts.getOrDefault(c.id(), "(export failed)")).append('\n');
        return sb.toString();
    }

    private static String golden(OperatorExportType mode, String name) {
        return mode.name().toLowerCase() + "/" + name;
    }

    private static RuntimeVerifier ort() {
        RuntimeVerifier v = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assertNotNull(v, "no RuntimeVerifier on the class path (modules/ort is a test dependency)");
        return v;
    }

    private static Path file(OperatorExportType mode, String stem) throws IOException {
        return Files.createDirectories(OUT.resolve(mode.name().toLowerCase())).resolve(stem + ".onnx");
    }

    @AfterAll
    static void summary() throws IOException {
        StringBuilder sb = new StringBuilder("mode                 op cases   models  (passed/run, opset " + OPSET + ")\n");
        Map<OperatorExportType, int[]> sorted = new TreeMap<>(COUNTS);
        sorted.forEach((mode, n) -> sb.append(String.format("%-19s %5d/%-4d %4d/%-4d%n", mode, n[0], n[1], n[2], n[3])));
        System.out.print(sb);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("summary.txt"), sb.toString());
    }
}
