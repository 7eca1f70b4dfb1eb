package dev.onnxport.zoo;

import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The model fixtures of {@code ../shared/fixtures/models}: folder, model.json names, weights and inputs. */
final class ZooFixtures {
    private ZooFixtures() {}

    /**
     * The model's fixture folder: without the fixtures the calling test fails under CI and is skipped otherwise
     * (a fixtures folder without this model fails).
     */
    static Path dir(String model) { return Fixtures.model(model); }

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
