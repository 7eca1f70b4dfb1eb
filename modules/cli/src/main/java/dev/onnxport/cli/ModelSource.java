package dev.onnxport.cli;

import dev.onnxport.fixtures.ModelFixture;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command's model comes from: a bundled model by name, or a fixture folder (exactly one). Public with a
 * public constructor because picocli creates it reflectively on every parse: a non-public one costs a failed
 * access check (an exception) each time before picocli retries with setAccessible. The package is not exported.
 */
public final class ModelSource {
    public ModelSource() {}

    @Option(names = "--model", paramLabel = "NAME", description = "a bundled model, e.g. mlp, resnet18, gpt2-tiny")
    String model;

    @Option(names = "--fixture", paramLabel = "DIR", description = "a folder like ../shared/fixtures/models/NAME")
    Path fixture;

    /** The model with {@code weights} loaded when given (a fixture's own weights otherwise), in eval mode. */
    LoadedModel load(Path weights) {
        return fixture != null ? LoadedModel.ofFixture(ModelFixture.read(fixture), weights) : LoadedModel.ofName(model, weights);
    }
}
