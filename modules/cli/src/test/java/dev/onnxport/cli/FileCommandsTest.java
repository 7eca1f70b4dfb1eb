package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.model;
import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check, inspect and verify on an mlp exported with the fixture's weights. */
class FileCommandsTest {
    @TempDir static Path tmp;
    static Path mlp;

    @BeforeAll
    static void export() {
        mlp = tmp.resolve("mlp.onnx");
        var r = run("export", "--fixture", model("mlp"), "-o", mlp);
        assertEquals(0, r.code(), r::toString);
    }

    @Test
    void checkAcceptsTheExport() {
        var r = run("check", mlp);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("structurally valid (ir_version 8, opsets ai.onnx 17"), r::toString);
        assertTrue(r.out().contains("onnxruntime"), r::toString);
    }

    @Test
    void checkRejectsACorruptedFileWithOneLine() throws IOException {
        byte[] b = Files.readAllBytes(mlp);
        Path bad = tmp.resolve("truncated.onnx");
        Files.write(bad, java.util.Arrays.copyOf(b, b.length / 2));
        var r = run("check", bad);
        assertNotEquals(0, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("onnxport: " + bad + ": not an ONNX model: truncated or malformed protobuf"), r::toString);
    }

    @Test
    void checkReportsStructuralProblemsWithOneLine() throws IOException {
        var m = dev.onnxport.onnx.proto.ModelProto.parseFrom(Files.readAllBytes(mlp)).toBuilder();
        m.getGraphBuilder().getNodeBuilder(1).setInput(0, "nowhere");  // a use of an undefined name
        Path bad = tmp.resolve("undefined.onnx");
        Files.write(bad, m.build().toByteArray());
        var r = run("check", bad);
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("structural problem") && r.err().contains("nowhere"), r::toString);
    }

    @Test
    void inspectPrintsInputsOpsetsHistogramAndBytes() {
        var r = run("inspect", mlp);
        assertEquals(0, r.code(), r::toString);
        String o = r.out();
        assertTrue(o.contains("ir_version 8, producer onnxport"), o);
        assertTrue(o.contains("opsets: ai.onnx 17"), o);
        assertTrue(o.contains("inputs:\n  x: float32 [batch, 784]\n"), o);
        assertTrue(o.contains("outputs:\n  output0: float32 ["), o);
        assertTrue(o.contains("nodes: 6 (Gemm 3, Relu 2, LogSoftmax 1)"), o);
        // 784*256 + 256 + 256*256 + 256 + 256*10 + 10 float32 parameters
        assertTrue(o.contains("269,322 parameters, 1,077,288 parameter bytes"), o);
    }

    @Test
    void dotIsADigraphWithOneBoxPerNode() throws Exception {
        var r = run("inspect", mlp, "--dot");
        assertEquals(0, r.code(), r::toString);
        String dot = r.out();
        assertTrue(dot.startsWith("digraph \"main_graph\" {\n") && dot.endsWith("}\n"), dot);
        String id = "(\"(?:[^\"\\\\]|\\\\.)*\"|\\w+)";
        Pattern stmt = Pattern.compile("  (?:\\w+=\\w+|\\w+ \\[.*\\]|" + id + " \\[.*\\]|" + id + " -> " + id + "( \\[label=\"[^\"]*\"\\])?);");
        String[] lines = dot.split("\n");
        int boxes = 0, edges = 0;
        for (int i = 1; i < lines.length - 1; i++) {
            assertTrue(stmt.matcher(lines[i]).matches(), "not a DOT statement: " + lines[i]);
            if (lines[i].matches("  n\\d+ \\[label=.*")) boxes++;
            if (lines[i].contains(" -> ")) edges++;
        }
        assertEquals(6, boxes, dot);
        assertEquals(7, edges, dot);  // x -> Gemm, 5 between the 6 nodes, LogSoftmax -> output0
        Matcher shape = Pattern.compile("n0 -> n1 \\[label=\"float32 \\[\\w+, 256\\]\"\\]").matcher(dot);
        assertTrue(shape.find(), dot);
        renderWithGraphviz(dot);
    }

    /** When Graphviz is installed, dot -Tsvg must accept the graph. */
    private static void renderWithGraphviz(String dot) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return;
        }
        p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String svg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), svg);
        assertTrue(svg.contains("<svg"), svg);
    }

    @Test
    void verifyPassesAgainstTheFixture() {
        var r = run("verify", mlp, "--fixture", model("mlp"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("io.safetensors output0: ok") && r.out().contains("io_alt.safetensors output0: ok"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void verifyFailsForOtherWeightsWithOneLine() {
        Path seeded = tmp.resolve("seeded.onnx");
        assertEquals(0, run("export", "--model", "mlp", "-o", seeded).code());
        var r = run("verify", seeded, "--fixture", model("mlp"));
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("io.safetensors output0: MISMATCH"), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
    }
}
