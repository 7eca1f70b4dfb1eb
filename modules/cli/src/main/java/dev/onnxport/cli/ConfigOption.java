package dev.onnxport.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --config KEY=VALUE}: a bundled architecture's hyper-parameters (a mixin of the commands that build a model).
 * Public with a public constructor for picocli's reflective creation; the package is not exported.
 */
public final class ConfigOption {
    public ConfigOption() {}

    @Option(names = "--config", paramLabel = "KEY=VALUE", split = ",",
            description = "a hyper-parameter of a bundled architecture, e.g. layers=4 (repeatable or comma-separated); it "
                    + "overrides a fixture's model.json \"config\"; an unknown key lists the architecture's keys")
    List<String> settings = new ArrayList<>();
}
