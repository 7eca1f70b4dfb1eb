package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.export.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.export.OnnxCleanup;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.spi.Tolerance;
import dev.onnxport.spi.VerificationReport;
import dev.onnxport.tensor.Tensor;
import java.util.ServiceLoader;
import dev.onnxport.onnx.symbolic.SymbolicTable;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture case of the elementwise, activation, reduction and matrix-product ops, traced as a one-op
 * model and lowered at every opset 7..22: either nothing aten/prim remains and every node passes its
 * schema, or the lowering reports the op in an UnsupportedOperatorError. Prints a per-opset summary.
 */
class LoweringFixtureTest {
    /** The aten ops this module's symbolic functions cover (kernels in Elementwise*, Reduction*, plus linear algebra an MLP needs). */
    static final Set<String> OPS = Set.of(
            "aten::abs", "aten::neg", "aten::exp", "aten::log", "aten::sqrt", "aten::rsqrt", "aten::reciprocal",
            "aten::sin", "aten::cos", "aten::tanh", "aten::sigmoid", "aten::erf", "aten::floor", "aten::ceil",
            "aten::round", "aten::sign", "aten::atan", "aten::isnan", "aten::bitwise_not", "aten::logical_not",
            "aten::relu", "aten::relu6", "aten::leaky_relu", "aten::elu", "aten::selu", "aten::celu", "aten::gelu",
            "aten::silu", "aten::mish", "aten::hardswish", "aten::hardsigmoid", "aten::hardtanh", "aten::softplus",
            "aten::prelu", "aten::glu", "aten::threshold", "aten::logit", "aten::clamp",
            "aten::add.Tensor", "aten::add.Scalar", "aten::sub.Tensor", "aten::rsub.Scalar", "aten::mul.Tensor",
            "aten::mul.Scalar", "aten::div.Tensor", "aten::div.Tensor_mode", "aten::floor_divide",
            "aten::remainder.Tensor", "aten::fmod.Tensor", "aten::pow.Tensor_Scalar", "aten::pow.Tensor_Tensor",
            "aten::minimum", "aten::maximum", "aten::atan2", "aten::eq.Tensor", "aten::ne.Scalar", "aten::lt.Tensor",
            "aten::le.Tensor", "aten::gt.Scalar", "aten::ge.Tensor", "aten::logical_and", "aten::logical_or",
            "aten::logical_xor", "aten::bitwise_and.Tensor", "aten::where.self", "aten::where.ScalarOther",
            "aten::addcmul", "aten::lerp.Scalar", "aten::masked_fill.Scalar",
            "aten::sum", "aten::sum.dim_IntList", "aten::mean.dim", "aten::mean", "aten::amax", "aten::amin",
            "aten::max.dim", "aten::min.dim", "aten::max", "aten::argmax", "aten::argmin", "aten::prod.dim_int",
            "aten::logsumexp", "aten::var.dim", "aten::std.dim", "aten::norm.ScalarOpt_dim", "aten::cumsum",
            "aten::all.dim", "aten::any.dim", "aten::softmax.int", "aten::log_softmax.int", "aten::topk", "aten::sort",
            "aten::matmul", "aten::mm", "aten::bmm", "aten::addmm", "aten::linear");

    /** opset -> {lowered, unsupported}; case ids of the unsupported ones. */
    private static final Map<Integer, int[]> COUNTS = new ConcurrentSkipListMap<>();
    private static final Map<Integer, List<String>> UNSUPPORTED = new ConcurrentSkipListMap<>();
    private static final Map<Integer, List<String>> MISMATCH = new ConcurrentSkipListMap<>();

    @TestFactory
    Stream<DynamicTest> everyCaseAtEveryOpset() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        String only = System.getProperty("onnxport.case");
        for (OpCases.Case c : OpCases.load(OPS)) {
            if (only != null && !List.of(only.split(",")).contains(c.id())) continue;
            for (int opset = SymbolicTable.MIN_OPSET; opset <= SymbolicTable.MAX_OPSET; opset++) {
                int o = opset;
                tests.add(DynamicTest.dynamicTest(c.id() + " opset " + o, () -> lowerOne(c, o)));
            }
        }
        return tests.stream();
    }

    private static void lowerOne(OpCases.Case c, int opset) throws IOException {
        Graph g = OpCases.trace(c);
        try {
            new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), false, new CustomSymbolics()));
        } catch (UnsupportedOperatorError e) {
            assertTrue(e.getMessage().contains(c.qualified()), e.getMessage());
            COUNTS.computeIfAbsent(opset, k -> new int[2])[1]++;
            UNSUPPORTED.computeIfAbsent(opset, k -> new ArrayList<>()).add(c.id());
            return;
        }
        for (Node n : g.allNodes()) {
            assertFalse(n.kind().startsWith("aten::") || n.kind().startsWith("prim::"), c.id() + ": " + n + " remains\n" + g);
        }
        SchemaValidator.validateGraph(g, opset);
        assertTrue(g.outputs().size() == c.outputs().size(), c.id() + ": output count");
        COUNTS.computeIfAbsent(opset, k -> new int[2])[0]++;
        runInOrt(c, g, opset);
    }

    /** Writes the lowered graph as a model and compares ONNX Runtime's outputs with PyTorch's (rtol 1e-4, atol 1e-5). */
    private static void runInOrt(OpCases.Case c, Graph g, int opset) throws IOException {
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
            v.setName(c.outputs().get(i));
        }
        Path dir = Files.createDirectories(Path.of("target", "lowered"));
        Path file = dir.resolve(c.id() + "-opset" + opset + ".onnx");
        WriterOptions wo = WriterOptions.of(opset);
        OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
        List<Tensor> expected = new ArrayList<>();
        for (String o : c.outputs()) expected.add(c.tensors().get(o));
        VerificationReport r = ort.verify(file, OpCases.inputs(c), expected, Tolerance.DEFAULT);
        if (!r.passed()) {
            MISMATCH.computeIfAbsent(opset, k -> new ArrayList<>()).add(c.id());
            fail(c.id() + " at opset " + opset + " differs from PyTorch in " + r.runtime() + ":\n" + r.summary() + g);
        }
        Files.delete(file);
    }

    @AfterAll
    static void summary() throws IOException {
        StringBuilder sb = new StringBuilder("opset  lowered  ORT-mismatch  unsupported  (unsupported cases; mismatching cases)\n");
        Map<Integer, int[]> sorted = new TreeMap<>(COUNTS);
        sorted.forEach((opset, n) -> sb.append(String.format("%5d  %7d  %12d  %11d  %s; %s%n", opset, n[0],
                MISMATCH.getOrDefault(opset, List.of()).size(), n[1], UNSUPPORTED.getOrDefault(opset, List.of()),
                MISMATCH.getOrDefault(opset, List.of()))));
        System.out.print(sb);
        Path out = Path.of("target", "lowering-summary.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
    }
}
