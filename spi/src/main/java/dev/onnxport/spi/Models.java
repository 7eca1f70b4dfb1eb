package dev.onnxport.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link ModelFactory} services on the module path or class path. */
public final class Models {
    private Models() {}

    /** All available model factories, sorted by name. */
    public static List<ModelFactory> all() {
        List<ModelFactory> out = new ArrayList<>();
        ServiceLoader.load(ModelFactory.class, Models.class.getClassLoader()).forEach(out::add);
        out.sort(Comparator.comparing(ModelFactory::name));
        return out;
    }

    /** The factory named {@code name}; the error lists the names there are, or says which module to add. */
    public static ModelFactory get(String name) {
        List<ModelFactory> all = all();
        for (ModelFactory f : all) if (f.name().equals(name)) return f;
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no models are available: add the module dev.onnxport.zoo (onnxport-zoo.jar) "
                    + "to the module path");
        }
        List<String> names = all.stream().map(ModelFactory::name).toList();
        throw new IllegalArgumentException("unknown model '" + dev.onnxport.util.Names.quote(name) + "'; available: " + String.join(", ", names));
    }
}
