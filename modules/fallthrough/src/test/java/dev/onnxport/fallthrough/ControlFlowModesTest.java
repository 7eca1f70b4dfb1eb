package dev.onnxport.fallthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modes other than ONNX keep nn.F's control flow as ONNX If and Loop, with the bodies lowered by their own rules. */
class ControlFlowModesTest {
    @TempDir Path dir;

    /** A fori loop (trip count an input) whose body holds a cond on the iteration's parity. */
    static final class LoopWithCond extends Module {
        @Override public Object invoke(Tensor... in) {
            return F.fori(in[1], (i, c) -> F.cond(F.eq(F.remainder(i, Tensor.scalar(2L)), 0),
                    o -> new Tensor[] {F.tanh(o[0])}, o -> new Tensor[] {F.add(o[0], 1.0)}, c[0]), in[0])[0];
        }
    }

    private static Tensor x() { return Tensor.of(new float[] {0.5f, -1f, 2f, 0.25f, 3f, -2f}, 2, 3); }

    private Path export(OperatorExportType type) {
        Path f = dir.resolve(type.name() + ".onnx");
        OnnxExport.export(new LoopWithCond(), new Tensor[] {x(), Tensor.scalar(3L)}, f,
                ExportOptions.builder().inputNames("x", "n").operatorExportType(type).build());
        return f;
    }

    private static NodeProto only(GraphProto g, String opType) {
        return g.getNodeList().stream().filter(n -> n.getOpType().equals(opType)).findFirst().orElseThrow(() -> new AssertionError(g.getNodeList()));
    }

    private static GraphProto graphAttr(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).map(AttributeProto::getG).findFirst().orElseThrow();
    }

    @Test
    void onnxAtenKeepsLoopAndIfWithAtenBodies() throws Exception {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(export(OperatorExportType.ONNX_ATEN)));
        GraphProto body = graphAttr(only(m.getGraph(), "Loop"), "body");
        NodeProto iff = only(body, "If");
        assertTrue(graphAttr(iff, "then_branch").getNodeList().stream().anyMatch(n -> n.getOpType().equals("ATen")),
                "the then branch is lowered by ONNX_ATEN's rule: " + graphAttr(iff, "then_branch").getNodeList());
    }

    @Test
    void fallbackAndFallthroughRunInOnnxRuntimeLikeEagerJava() {
        for (OperatorExportType type : List.of(OperatorExportType.ONNX_ATEN_FALLBACK, OperatorExportType.ONNX_FALLTHROUGH)) {
            Path f = export(type);
            for (long n : new long[] {0, 1, 4}) {
                Map<String, Tensor> feeds = new LinkedHashMap<>();
                feeds.put("x", x());
                feeds.put("n", Tensor.scalar(n));
                VerificationReport r = VerificationService.of(ExportModes.verifier()).compare(f, feeds,
                        List.of((Tensor) new LoopWithCond().invoke(x(), Tensor.scalar(n))));
                assertTrue(r.passed(), type + " n=" + n + ": " + r.summary());
                assertEquals(1, r.outputs().size());
            }
        }
    }
}
