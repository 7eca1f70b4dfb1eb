package dev.onnxport.onnx.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.testing.ModelFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Output dims that follow from the named input dims carry their names in the file: a GPT's logits are
 * {@code [batch, seq, vocab]}, with {@code seq} followed through the position Range and the attention Reshapes.
 */
class OutputDimNamesTest {
    private static final Path OUT = Path.of("target", "output-dim-names");

    @ParameterizedTest
    @ValueSource(ints = {9, 13, 17, 22})
    void tinyGptFixtureLogitsAreBatchSeqVocab(int opset) throws IOException {
        ModelFixtures f = fixture("tiny_gpt");
        Path file = f.export(f.model(), f.options(opset).build(), file("tiny_gpt-" + opset));
        assertEquals(List.of("batch", "seq", "1000"), dims(ModelFixtures.read(file).getGraph().getOutput(0)));
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 17})
    void recurrentFixtureOutputsKeepNames(int opset) throws IOException {
        ModelFixtures f = fixture("gru_bidir");
        ModelProto m = ModelFixtures.read(f.export(f.model(), f.options(opset).build(), file("gru_bidir-" + opset)));
        assertEquals(List.of("batch", "seq", "48"), dims(m.getGraph().getOutput(0)));
        assertEquals(List.of("2", "batch", "24"), dims(m.getGraph().getOutput(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_gpt", "gpt2-tiny"})
    void zooGptLogitsAreBatchSeqVocab(String name) throws IOException {
        ModelFactory factory = Models.get(name);
        ExportOptions.Builder b = ExportOptions.builder().opsetVersion(17)
                .inputNames(factory.inputNames()).outputNames(factory.outputNames());
        factory.dynamicAxes().forEach(b::dynamicAxes);
        Path file = file(name);
        OnnxExport.export(factory.create(), factory.exampleInputs(), file, b.build());
        assertEquals(List.of("batch", "seq", "1000"), dims(ModelFixtures.read(file).getGraph().getOutput(0)));
    }

    /** The fixture; without ../shared the test fails under CI and is skipped elsewhere (testing.Fixtures). */
    private static ModelFixtures fixture(String name) {
        return ModelFixtures.load(name);
    }

    /** Each dim as its name, its size, or {@code ?} when it has neither. */
    private static List<String> dims(ValueInfoProto v) {
        List<String> out = new ArrayList<>();
        for (TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
            out.add(d.hasDimParam() ? d.getDimParam() : d.hasDimValue() ? Long.toString(d.getDimValue()) : "?");
        }
        return out;
    }

    private static Path file(String stem) throws IOException {
        return Files.createDirectories(OUT).resolve(stem + ".onnx");
    }
}
