package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of torch.onnx.export's options has a flag of {@code export} that changes the file as torch's option does,
 * against the default run of the same model.
 */
class ExportFlagsTest {
    @TempDir Path dir;

    private ModelProto export(String model, String... flags) throws IOException {
        Path out = dir.resolve(model + "-" + Math.abs(String.join(" ", flags).hashCode()) + ".onnx");
        List<Object> args = new ArrayList<>(List.of("export", "--model", model, "-o", out));
        args.addAll(List.of(flags));
        CliTestSupport.Result r = CliTestSupport.run(args.toArray());
        assertEquals(0, r.code(), r.toString());
        return ModelProto.parseFrom(Files.readAllBytes(out));
    }

    private static Set<String> inputs(ModelProto m) {
        return m.getGraph().getInputList().stream().map(ValueInfoProto::getName).collect(Collectors.toSet());
    }

    private static long count(ModelProto m, String op) { return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count(); }

    @Test
    void exportParams() throws IOException {
        ModelProto with = export("mlp"), without = export("mlp", "--no-export-params");
        assertTrue(with.getGraph().getInitializerCount() > 0);
        assertFalse(inputs(with).contains("fc1.weight"));
        assertEquals(0, without.getGraph().getInitializerCount(), "--no-export-params writes no weights");
        assertTrue(inputs(without).contains("fc1.weight"), "the weights become graph inputs: " + inputs(without));
    }

    @Test
    void verboseKeepsDocStringsAndPrintsTheGraph() throws IOException {
        Path out = dir.resolve("v.onnx");
        CliTestSupport.Result r = CliTestSupport.run("export", "--model", "mlp", "--verbose", "-o", out);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("Gemm") || r.err().contains("MatMul"), "the graph is printed: " + r.err());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        assertTrue(m.getGraph().getNodeList().stream().anyMatch(n -> !n.getDocString().isEmpty()), "verbose keeps doc strings");
        assertTrue(export("mlp").getGraph().getNodeList().stream().allMatch(n -> n.getDocString().isEmpty()), "stripped by default");
    }

    @Test
    void stripDocString() throws IOException {
        ModelProto kept = export("mlp", "--strip-doc-string=false");
        assertTrue(kept.getGraph().getNodeList().stream().anyMatch(n -> !n.getDocString().isEmpty()));
        ModelProto stripped = export("mlp", "--verbose", "--strip-doc-string");
        assertTrue(stripped.getGraph().getNodeList().stream().allMatch(n -> n.getDocString().isEmpty()));
    }

    @Test
    void trainingKeepsBatchNormInTrainingMode() throws IOException {
        ModelProto eval = export("resnet18", "--opset", "15");
        ModelProto train = export("resnet18", "--opset", "15", "--training", "TRAINING");
        assertEquals(0, count(eval, "BatchNormalization"), "eval folds batch norm into the convolutions");
        assertTrue(count(train, "BatchNormalization") > 0, "training keeps batch norm");
        NodeProto bn = train.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("BatchNormalization")).findFirst().orElseThrow();
        assertTrue(bn.getAttributeList().stream().anyMatch(a -> a.getName().equals("training_mode") && a.getI() == 1), bn.toString());
    }

    @Test
    void inputAndOutputNamesRenameAndKeepTheDynamicAxes() throws IOException {
        ModelProto m = export("mlp", "--input-names", "features", "--output-names", "scores");
        assertEquals("features", m.getGraph().getInput(0).getName());
        assertEquals("scores", m.getGraph().getOutput(0).getName());
        assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam(),
                "the model's dynamic axis follows the renamed input");
    }

    @Test
    void constantFoldingOffLeavesTheWeightTranspose() throws IOException {
        ModelProto folded = export("gpt2-tiny"), unfolded = export("gpt2-tiny", "--no-constant-folding");
        Set<String> weights = unfolded.getGraph().getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        assertTrue(unfolded.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Transpose") && weights.contains(n.getInput(0))),
                "a Linear weight's Transpose stays in the graph");
        Set<String> foldedWeights = folded.getGraph().getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        assertFalse(folded.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Transpose") && foldedWeights.contains(n.getInput(0))),
                "folding removes it");
    }

    @Test
    void keepInitializersAsInputs() throws IOException {
        ModelProto kept = export("mlp", "--keep-initializers-as-inputs");
        assertTrue(inputs(kept).contains("fc1.weight"), inputs(kept).toString());
        assertTrue(kept.getGraph().getInitializerCount() > 0);
        assertFalse(inputs(export("mlp", "--keep-initializers-as-inputs=false")).contains("fc1.weight"));
    }

    /** As torch: the version of a domain the nodes use (ATen nodes here); without the flag it is 1. */
    @Test
    void customOpset() throws IOException {
        ModelProto plain = export("mlp", "--type", "ONNX_ATEN");
        OperatorSetIdProto d = plain.getOpsetImportList().stream().filter(i -> !i.getDomain().isEmpty()).findFirst().orElseThrow();
        assertEquals(1, d.getVersion());
        ModelProto m = export("mlp", "--type", "ONNX_ATEN", "--custom-opset", d.getDomain() + "=3");
        OperatorSetIdProto o = m.getOpsetImportList().stream().filter(i -> i.getDomain().equals(d.getDomain())).findFirst().orElseThrow();
        assertEquals(3, o.getVersion());
        CliTestSupport.Result bad = CliTestSupport.run("export", "--model", "mlp", "--custom-opset", "com.example", "-o", dir.resolve("x.onnx"));
        assertEquals(2, bad.code(), bad.toString());
        assertFalse(Files.exists(dir.resolve("x.onnx")));
    }

    @Test
    void exportModulesAsFunctions() throws IOException {
        ModelProto all = export("gpt2-tiny", "--opset", "15", "--export-modules-as-functions");
        assertTrue(all.getFunctionsCount() > 1, "every module call is a function");
        ModelProto blocks = export("gpt2-tiny", "--opset", "15", "--export-modules-as-functions=TransformerBlock");
        assertEquals(1, blocks.getFunctionsCount(), "only TransformerBlock: " + blocks.getFunctionsList().stream().map(f -> f.getName()).toList());
        assertEquals(0, export("gpt2-tiny", "--opset", "15").getFunctionsCount());
        CliTestSupport.Result bad = CliTestSupport.run("export", "--model", "gpt2-tiny", "--opset", "15",
                "--export-modules-as-functions=Nope", "-o", dir.resolve("y.onnx"));
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.err().contains("'Nope'") && bad.err().contains("TransformerBlock"), bad.err());
        assertFalse(Files.exists(dir.resolve("y.onnx")));
    }
}
