package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.OfficialChecker;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ops registered beside the ops-more fixture ops that no fixture covers (other overloads and close relatives of
 * fixture ops), traced, lowered at every opset 7..26, accepted by the official checker (up to 22, the newest it knows) and run in ONNX Runtime against
 * the eager kernels (rtol 1e-4, atol 1e-5).
 */
class LoweringExtraOpsTest {
    /** One call: its id, input shapes, and the call on (traced or eager) inputs. */
    private record Call(String id, List<long[]> shapes, Function<Tensor[], Tensor[]> fn) {}

    private static Tensor[] op(String name, Object... args) { return AtenOps.registry().get(name).call(args); }

    private static List<Call> calls() {
        List<Call> out = new ArrayList<>();
        for (String u : List.of("expm1", "exp2", "cosh", "sinh", "trunc", "fix")) {
            out.add(new Call(u, List.of(new long[] {2, 3}), in -> op("aten::" + u, in[0])));
        }
        out.add(new Call("movedim_int", List.of(new long[] {1, 2, 3}), in -> op("aten::movedim.int", in[0], 2L, 0L)));
        out.add(new Call("meshgrid", List.of(new long[] {2}, new long[] {3}), in -> op("aten::meshgrid", (Object) new Tensor[] {in[0], in[1]})));
        out.add(new Call("hann_window", List.of(new long[] {5}), in -> op("aten::add.Tensor", in[0], op("aten::hann_window", 5L)[0])));
        out.add(new Call("new_empty", List.of(new long[] {3}), in -> op("aten::add.Tensor", in[0], op("aten::new_empty", in[0], new long[] {3})[0])));
        out.add(new Call("rnn_relu_cell", List.of(new long[] {2, 3}, new long[] {2, 4}, new long[] {4, 3}, new long[] {4, 4}, new long[] {4},
                new long[] {4}), in -> op("aten::rnn_relu_cell", in[0], in[1], in[2], in[3], in[4], in[5])));
        out.add(new Call("feature_alpha_dropout", List.of(new long[] {2, 3}), in -> op("aten::feature_alpha_dropout", in[0], 0.5, false)));
        out.add(new Call("reflection_pad3d", List.of(new long[] {1, 2, 3, 4, 5}),
                in -> op("aten::reflection_pad3d", in[0], new long[] {1, 1, 2, 0, 1, 2})));
        out.add(new Call("pad_circular", List.of(new long[] {1, 2, 5}), in -> op("aten::_pad_circular", in[0], new long[] {2, 1})));
        out.add(new Call("softmax_internal", List.of(new long[] {2, 3, 4}), in -> op("aten::_softmax", in[0], 1L, false)));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyExtraOpAtEveryOpset() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Call c : calls()) {
            for (int opset = 7; opset <= dev.onnxport.onnx.writer.IrVersions.MAX_OPSET; opset++) {
                int o = opset;
                tests.add(DynamicTest.dynamicTest(c.id() + " opset " + o, () -> run(c, o)));
            }
        }
        return tests.stream();
    }

    private static void run(Call c, int opset) throws Exception {
        Random rnd = new Random(c.id().hashCode());
        Tensor[] inputs = new Tensor[c.shapes().size()];
        for (int k = 0; k < inputs.length; k++) {
            long[] s = c.shapes().get(k);
            float[] f = new float[(int) Arrays.stream(s).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < f.length; i++) f[i] = (float) (2 * rnd.nextGaussian());
            inputs[k] = Tensor.of(f, s);
        }
        Tensor[] want = c.fn().apply(inputs);
        Graph g = Tracer.trace(new Module() {}, TraceOptions.defaults().withGraphName(c.id()), c.fn()::apply, inputs);
        try {
            new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), false, new CustomSymbolics()));
        } catch (UnsupportedOperatorError e) {
            assertTrue(e.getMessage().contains("supported from opset"), e.getMessage());
            abort(c.id() + " at opset " + opset + ": " + e.getMessage());
        }
        for (Node n : g.allNodes()) assertTrue(n.kind().startsWith("onnx::"), c.id() + ": " + n + " remains");
        SchemaValidator.validateGraph(g, opset);
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assertTrue(ort != null, "no RuntimeVerifier on the class path (modules/ort is a test dependency)");
        OnnxCleanup.run(g);
        for (int i = 0; i < g.outputs().size(); i++) {
            if (g.outputs().get(i).producer() == null) {
                Node id = g.body().append(OnnxCleanup.IDENTITY, null);
                id.addInput(g.outputs().get(i));
                g.body().setOutput(i, id.addOutput(g.outputs().get(i).type()));
            }
            g.outputs().get(i).setName("out" + i);
        }
        Path file = Files.createDirectories(Path.of("target", "lowered")).resolve("extra-" + c.id() + "-" + opset + ".onnx");
        WriterOptions wo = WriterOptions.of(opset);
        OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
        // Opsets above 22: the official checker (ONNX 1.17) does not know them; the structural checker and ORT referee.
        String official = OfficialChecker.knows(opset) ? OfficialChecker.checkFile(file) : null;
        assertTrue(official == null, c.id() + " at opset " + opset + ": the official checker rejects the model: " + official);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) feed.put(g.inputs().get(i).name(), inputs[i]);
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise()).compare(file, feed, List.of(want));
        assertTrue(r.passed(), c.id() + " at opset " + opset + ":\n" + r.summary() + "\n" + g);
        Files.delete(file);
    }
}
