package dev.onnxport.zoo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The model fixtures of {@code ../shared/fixtures/models}: folder, model.json names, weights and inputs. */
final class ZooFixtures {
    private ZooFixtures() {}

    /** The model's fixture folder; the calling test is skipped with a message when fixtures are absent. */
    static Path dir(String model) {
        String prop = System.getProperty("onnxport.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "..", "shared");
        Path d = shared.resolve("fixtures").resolve("models").resolve(model);
        assumeTrue(Files.isDirectory(d), "model fixture not found at " + d.toAbsolutePath()
                + " (set -Donnxport.shared=DIR to the folder holding fixtures/); skipping");
        return d;
    }

    /** The whole of the fixture's model.json. */
    static Map<String, Object> info(String model) { return ModelFixture.read(dir(model)).info(); }

    @SuppressWarnings("unchecked")
    static List<String> names(String model, String key) { return (List<String>) info(model).get(key); }

    /** The twin with the fixture's weights loaded (strictly) and in eval mode. */
    static Module loaded(String model) {
        Path weights = dir(model).resolve("weights.safetensors"); // skips models without fixtures before building them
        Module m = Zoo.create(model);
        m.loadStateDict(Safetensors.read(weights));
        m.eval();
        return m;
    }

    static Tensor[] inputs(String model, Map<String, Tensor> io) {
        List<String> in = names(model, "inputs");
        Tensor[] out = new Tensor[in.size()];
        for (int i = 0; i < out.length; i++) out[i] = io.get(in.get(i));
        return out;
    }
}
