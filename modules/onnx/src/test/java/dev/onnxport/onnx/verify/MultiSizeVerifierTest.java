package dev.onnxport.onnx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.verify.Divergence;
import dev.onnxport.verify.MultiSizeVerification;
import dev.onnxport.verify.SizeRun;
import dev.onnxport.verify.VerificationService;
import dev.onnxport.verify.VerificationTarget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification at the example size and at generated sizes of every dynamic dim. */
class MultiSizeVerifierTest {
    @TempDir Path dir;

    /** Verifies {@code f}, exported from the eval-mode {@code model}, with the default service. */
    private static MultiSizeVerification verify(Module model, Path f, Tensor[] inputs, List<String> names,
                                                ExportOptions o) {
        VerificationTarget t = VerificationTarget.of(f, names, inputs, o.dynamicAxes(),
                in -> List.of((Tensor) model.invoke(in)));
        return VerificationService.of(ExportModes.verifier()).verify(t);
    }

    @Test
    void dynamicBatchIsVerifiedAtTheExampleSizeAtOneAndAtAnotherSize() {
        Init.manualSeed(3);
        Mlp5 model = new Mlp5();
        Tensor x = Mlp5.input(4, 5);
        ExportOptions o = ExportOptions.builder().inputNames("x").dynamicAxes("x", Map.of(0, "batch")).build();
        Path f = dir.resolve("mlp.onnx");
        OnnxExport.export(model, new Tensor[] {x}, f, o);
        MultiSizeVerification v = verify(model, f, new Tensor[] {x}, List.of("x"), o);
        assertTrue(v.passed(), v.summary());
        assertEquals(List.of("example inputs", "batch=1", "batch=5"), v.runs().stream().map(SizeRun::label).toList());
        assertEquals(Map.of("batch", 1L), v.runs().get(1).sizes());
        assertNull(v.divergence());
        for (SizeRun r : v.runs()) assertEquals(1, r.report().outputs().size());
    }

    /** Two dynamic symbols: each varies alone, the other keeps its example size; dims sharing a symbol move together. */
    @Test
    void eachSymbolVariesAloneAndSharedSymbolsMoveTogether() {
        Module add = new Module() {
            @Override public Object invoke(Tensor... in) { return F.relu(F.add(in[0], in[1])); }
        };
        Tensor a = Mlp5.input(2, 1), b = Mlp5.input(2, 2);
        Tensor a3 = Tensor.of(a.floats(), 2, 1, 4), b3 = Tensor.of(b.floats(), 2, 1, 4);
        ExportOptions o = ExportOptions.builder().inputNames("a", "b")
                .dynamicAxes("a", Map.of(0, "n", 1, "m")).dynamicAxes("b", Map.of(0, "n", 1, "m")).build();
        Path f = dir.resolve("add.onnx");
        OnnxExport.export(add, new Tensor[] {a3, b3}, f, o);
        MultiSizeVerification v = verify(add, f, new Tensor[] {a3, b3}, List.of("a", "b"), o);
        assertTrue(v.passed(), v.summary());
        assertEquals(List.of("example inputs", "n=1", "n=3", "m=2", "m=3"), v.runs().stream().map(SizeRun::label).toList());
        assertEquals(Map.of("n", 2L, "m", 3L), v.runs().get(4).sizes());
    }

    /**
     * A size read as a plain long is baked into the trace: the example size passes, the others fail, and since every
     * ONNX value agrees with the trace, the diagnosis points at the trace instead of naming a node.
     */
    @Test
    void aBakedInSizeFailsAtOtherSizesAndIsBlamedOnTheTrace() {
        Module mean = new Module() {
            @Override public Object invoke(Tensor... in) {
                return F.div(F.sum(in[0], 0, false), in[0].size(0));  // size(0) is a plain long: traced as a constant
            }
        };
        Tensor x = Mlp5.input(3, 1);
        ExportOptions o = ExportOptions.builder().inputNames("x").outputNames("mean").dynamicAxes("x", Map.of(0, "batch")).build();
        ExportResult r = OnnxExport.exportWithResult(mean, new Tensor[] {x}, dir.resolve("mean.onnx"), o);
        MultiSizeVerification v = OnnxExport.verify(mean, r, new Tensor[] {x});
        assertTrue(v.runs().get(0).passed(), v.summary());
        assertEquals("batch=1", v.firstFailure().label(), v.summary());
        assertFalse(v.runs().get(2).passed(), v.summary());
        assertNull(v.divergence(), v.summary());
        assertTrue(v.diagnosis().contains("the traced graph itself gives other values") && v.diagnosis().contains("batch=1"),
                v.diagnosis());
        assertEquals(3, r.report().verificationCount(), "every run is added to the export report");
    }

    /**
     * A real mismatch still fails under the scale-aware default: fc2's weights scaled by 1.01 in the written file give
     * outputs about 1% off at every size, and the search names fc2's node as the first that departs.
     */
    @Test
    void aWrongWeightInTheFileFailsAtEverySizeAndIsFoundAtItsNode() throws IOException {
        Init.manualSeed(3);
        Mlp5 model = new Mlp5();
        Tensor x = Mlp5.input(4, 5);
        ExportOptions o = ExportOptions.builder().inputNames("x").dynamicAxes("x", Map.of(0, "batch")).build();
        Path f = dir.resolve("wrong-weight.onnx");
        ExportResult r = OnnxExport.exportWithResult(model, new Tensor[] {x}, f, o);
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(f));
        GraphProto.Builder g = m.getGraph().toBuilder();
        int w = g.getInitializerList().stream().map(TensorProto::getName).toList().indexOf("fc2.weight");
        ByteBuffer raw = g.getInitializer(w).getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer scaled = ByteBuffer.allocate(raw.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        while (raw.hasRemaining()) scaled.putFloat(raw.getFloat() * 1.01f);
        g.setInitializer(w, g.getInitializer(w).toBuilder().setRawData(ByteString.copyFrom(scaled.flip())));
        Files.write(f, m.toBuilder().setGraph(g).build().toByteArray());

        MultiSizeVerification v = OnnxExport.verify(model, r, new Tensor[] {x});
        assertEquals(List.of(false, false, false), v.runs().stream().map(SizeRun::passed).toList(), v.summary());
        double rel = v.runs().get(0).report().outputs().get(0).maxRelError();
        assertTrue(rel > 1e-3 && rel < 0.05, "about 1% of the largest output: " + rel);
        Divergence d = v.divergence();
        assertNotNull(d, v.summary());
        assertEquals("aten::linear", d.atenOp(), d.describe());
        assertEquals("fc2", d.scope(), d.describe());
        assertEquals("Gemm", d.onnxOpType(), d.describe());
        assertEquals("/fc2/Gemm", d.onnxNodeName(), d.describe());
    }
}
