package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --model gpt2-tiny-generate --verify}: greedy decoding in an ONNX Loop, verified against eager Java. */
class ControlFlowCliTest {
    @TempDir Path tmp;

    @Test
    void gpt2TinyGenerateExportsAndVerifies() throws Exception {
        Path out = tmp.resolve("gen.onnx");
        var r = run("export", "--model", "gpt2-tiny-generate", "--verify", "--report", tmp.resolve("gen.json"), "-o", out);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("sequences: ok") && r.out().contains("verified in"), r::toString);
        System.out.println(r.out());
        String report = java.nio.file.Files.readString(tmp.resolve("gen.json"));
        assertTrue(report.contains("subgraph_nodes") && report.contains("Loop.body"), report);

        var inspect = run("inspect", out);
        assertEquals(0, inspect.code(), inspect::toString);
        assertTrue(inspect.out().contains("subgraphs:") && inspect.out().contains("body: "), inspect::toString);
        System.out.println(inspect.out());
        var dot = run("inspect", out, "--dot");
        assertTrue(dot.out().contains("subgraph \"cluster_n0_0_\"") && dot.out().contains("label=\"Loop body\""), dot::toString);
    }

    @Test
    void dotDrawsBranchesAsClustersWithDashedReadsOfOuterValues() throws Exception {
        dev.onnxport.nn.Module m = new dev.onnxport.nn.Module() {
            @Override public Object invoke(dev.onnxport.tensor.Tensor... in) {
                dev.onnxport.tensor.Tensor y = dev.onnxport.nn.F.relu(in[0]);
                return dev.onnxport.nn.F.cond(dev.onnxport.nn.F.gt(dev.onnxport.nn.F.sum(y), 0),
                        o -> new dev.onnxport.tensor.Tensor[] {dev.onnxport.nn.F.mul(o[0], 2.0)},
                        o -> new dev.onnxport.tensor.Tensor[] {dev.onnxport.nn.F.neg(o[0])}, y)[0];
            }
        };
        Path out = tmp.resolve("cond.onnx");
        dev.onnxport.export.OnnxExport.export(m, new dev.onnxport.tensor.Tensor[] {dev.onnxport.tensor.Tensor.of(new float[] {1, -2, 3}, 3)},
                out, dev.onnxport.export.ExportOptions.builder().build());
        String dot = DotGraph.of(dev.onnxport.onnx.proto.ModelProto.parseFrom(java.nio.file.Files.readAllBytes(out)).getGraph());
        assertTrue(dot.contains("label=\"If then_branch\"") && dot.contains("label=\"If else_branch\""), dot);
        assertTrue(dot.contains("style=dashed"), "the branches read Relu's output from outside: " + dot);
    }

    @Test
    void strictExportOfTheGenerateModelSucceedsWithoutVerify() {
        var r = run("export", "--model", "gpt2-tiny-generate", "--strict", "-o", tmp.resolve("strict.onnx"));
        assertEquals(0, r.code(), r::toString);
    }
}
