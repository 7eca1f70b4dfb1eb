package dev.onnxport.cli;

import dev.onnxport.fixtures.ModelFixture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command's model comes from: a bundled model by name, a fixture folder, or a Hugging
 * Face folder (exactly one; commands that cannot take a Hugging Face folder refuse {@link #hf}). Public with a
 * public constructor because picocli creates it reflectively on every parse: a non-public one costs a failed
 * access check (an exception) each time before picocli retries with setAccessible. The package is not exported.
 */
public final class ModelSource {
    public ModelSource() {}

    @Option(names = "--model", paramLabel = "NAME", description = "a bundled model, e.g. mlp, resnet18, gpt2-tiny")
    String model;

    @Option(names = "--fixture", paramLabel = "DIR", description = "a folder like ../shared/fixtures/models/NAME")
    Path fixture;

    @Option(names = "--hf", paramLabel = "DIR", description = "a Hugging Face model folder: config.json and "
            + "model.safetensors (or a sharded index); Llama, Mistral, Qwen2, GPT-2 or BERT")
    Path hf;

    /** The architecture's hyper-parameters ({@code --config}), over a fixture's model.json "config". */
    static Map<String, String> config(List<String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--config '" + s + "' is not KEY=VALUE, e.g. layers=4");
            out.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return out;
    }

    /** The model with {@code weights} loaded when given (a fixture's own weights otherwise), in eval mode. */
    LoadedModel load(Path weights, List<String> settings) {
        if (hf != null) throw new IllegalArgumentException("--hf works with export and generate only; use export --hf " + hf);
        Map<String, String> config = config(settings);
        return fixture != null ? LoadedModel.ofFixture(ModelFixture.read(fixture), weights, config) : LoadedModel.ofName(model, weights, config);
    }
}
