package dev.onnxport.zoo;

import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import java.util.List;

/** The bundled models by name (the {@link ModelFactory} services of this module), named like the fixtures. */
public final class Zoo {
    private Zoo() {}

    /** Names of all available models, sorted. */
    public static List<String> names() { return Models.all().stream().map(ModelFactory::name).toList(); }

    /** A new model built from seed 0, in eval mode; load a checkpoint with {@link Module#loadStateDict}. */
    public static Module create(String name) { return Models.get(name).create(); }
}
