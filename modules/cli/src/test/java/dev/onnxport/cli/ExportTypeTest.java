package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onnxport export --type X} selects the operator export type (issue 4, item 9). */
class ExportTypeTest {
    @TempDir Path tmp;

    private static ModelProto read(Path f) throws IOException { return ModelProto.parseFrom(Files.readAllBytes(f)); }

    private static Set<String> nodeDomains(ModelProto m) {
        return m.getGraph().getNodeList().stream().map(NodeProto::getDomain).collect(Collectors.toSet());
    }

    private static Set<String> imports(ModelProto m) {
        return m.getOpsetImportList().stream().map(OperatorSetIdProto::getDomain).collect(Collectors.toSet());
    }

    @Test
    void onnxAtenWritesEveryNodeInTheAtenDomain() throws IOException {
        Path out = tmp.resolve("mlp-aten.onnx");
        var r = run("export", "--model", "mlp", "--type", "ONNX_ATEN", "-o", out);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("opset 17, ONNX_ATEN,"), r::toString);
        ModelProto m = read(out);
        assertEquals(Set.of("org.pytorch.aten"), nodeDomains(m));
        assertTrue(m.getGraph().getNodeList().stream().allMatch(n -> n.getOpType().equals("ATen")), m.getGraph().getNodeList()::toString);
        assertEquals(Set.of("", "org.pytorch.aten"), imports(m));
    }

    @Test
    void theDefaultTypeIsOnnx() throws IOException {
        Path out = tmp.resolve("mlp.onnx");
        var r = run("export", "--model", "mlp", "-o", out);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("opset 17, ONNX,"), r::toString);
        ModelProto m = read(out);
        assertEquals(Set.of(""), nodeDomains(m));
        assertEquals(Set.of(""), imports(m));
    }

    /** An unknown or absent type is a usage error listing the types present (a fifth mode: FifthModeLaunchTest). */
    @Test
    void anUnknownTypeListsTheAvailableOnes() {
        String all = "available: ONNX, ONNX_ATEN, ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH";
        var r = run("export", "--model", "mlp", "--type", "TORCH", "-o", tmp.resolve("x.onnx"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--type") && r.err().contains("operator export type TORCH is not available") && r.err().contains(all), r::toString);
        r = run("export", "--model", "mlp", "--type", "onnx", "-o", tmp.resolve("x.onnx"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("'onnx' is not an operator export type") && r.err().contains(all), r::toString);
        String help = run("export", "--help").out().replaceAll("\\s+", " ");  // picocli wraps the lines
        assertTrue(help.contains("operator export type: ONNX, ONNX_ATEN, ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH (default ONNX)"), help);
    }

    /** The command ships all four modes (a missing one is reported with those present: see DiscoveryLaunchTest in modules/fallthrough). */
    @Test
    void fallbackAndFallthroughTypesExport() {
        for (String type : new String[] {"ONNX_ATEN_FALLBACK", "ONNX_FALLTHROUGH"}) {
            var r = run("export", "--model", "mlp", "--type", type, "-o", tmp.resolve("mlp-" + type + ".onnx"));
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("opset 17, " + type + ","), r::toString);
        }
    }
}
