package dev.onnxport.testing;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One fixture model of {@code shared/fixtures/models}, read by {@link ModelFixture} (the fixtures library), with what
 * the modules' tests do with it: build the zoo twin with the fixture's weights, and export it with the fixture's names
 * and dynamic axes.
 */
public record ModelFixtures(String name, ModelFixture fixture) {
    /** The fixture models, smallest first. */
    public static final List<String> MODELS = List.of("mlp", "lenet", "resnet18", "mobilenet_v2", "tiny_gpt", "tiny_bert",
            "lstm_tagger", "gru_bidir");

    /** The folder holding {@code fixtures/}; the calling test is skipped with a message when it is absent. */
    public static Path shared() { return Fixtures.root().getParent(); }

    /** The fixture {@code name}; the calling test is skipped when the fixtures are absent. */
    public static ModelFixtures load(String name) {
        return new ModelFixtures(name, ModelFixture.read(Fixtures.model(name)));
    }

    public List<String> inputs() { return fixture.inputNames(); }

    public List<String> outputs() { return fixture.outputNames(); }

    /** torch.onnx.export 1.13's node count at opset 17. */
    public int torchNodes() { return fixture.torchOnnxNodes(); }

    /** The zoo model with the fixture's weights (strictly loaded). */
    public Module model() {
        Module m = Models.get(fixture.model()).create();
        m.loadStateDict(Safetensors.read(fixture.weights()));
        return m;
    }

    /** {@code io.safetensors} or {@code io_alt.safetensors}, by {@code file} = {@code io} or {@code io_alt}. */
    public ModelFixture.Io io(String file) { return fixture.io(file); }

    public Tensor[] args(ModelFixture.Io io) { return io.args(); }

    public Map<String, Tensor> feeds(ModelFixture.Io io) { return io.inputs(); }

    public List<Tensor> expected(ModelFixture.Io io) { return io.outputs(); }

    /** Export options as in the fixture: names and the dynamic axes of model.json, constant folding asked for. */
    public ExportOptions.Builder options(int opset) {
        return ExportOptions.builder().opsetVersion(opset).doConstantFolding(true)
                .inputNames(inputs()).outputNames(outputs()).dynamicAxes(fixture.dynamicAxes());
    }

    /** Exports the model on the io.safetensors inputs to {@code file}. */
    public Path export(Module m, ExportOptions o, Path file) {
        OnnxExport.export(m, args(io("io")), file, o);
        return file;
    }

    public static ModelProto read(Path file) throws IOException { return ModelProto.parseFrom(Files.readAllBytes(file)); }
}
