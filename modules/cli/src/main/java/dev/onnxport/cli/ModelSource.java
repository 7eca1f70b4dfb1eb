package dev.onnxport.cli;

import dev.onnxport.fixtures.ModelFixture;
import java.nio.file.Path;
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

    /** The model with {@code weights} loaded when given (a fixture's own weights otherwise), in eval mode. */
    LoadedModel load(Path weights) {
        if (hf != null) throw new IllegalArgumentException("--hf works with export and generate only; use export --hf " + hf);
        return fixture != null ? LoadedModel.ofFixture(ModelFixture.read(fixture), weights) : LoadedModel.ofName(model, weights);
    }
}
