package dev.onnxport.cli;

import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model fixture folder laid out like {@code ../shared/fixtures/models/NAME/}: {@code model.json} (model name,
 * input and output names, dynamic axes), {@code weights.safetensors}, and {@code io.safetensors} /
 * {@code io_alt.safetensors} holding inputs by name and PyTorch's outputs {@code output0, output1, ...}.
 */
record Fixture(Path dir, String model, List<String> inputNames, List<String> outputNames,
               Map<String, Map<Integer, String>> dynamicAxes) {

    /** Inputs and expected outputs read from one io file. */
    record Io(Path file, Map<String, Tensor> inputs, List<Tensor> outputs) {}

    @SuppressWarnings("unchecked")
    static Fixture read(Path dir) {
        Path mj = dir.resolve("model.json");
        if (!Files.isRegularFile(mj)) {
            throw new IllegalArgumentException(dir + " has no model.json; --fixture expects a folder like ../shared/fixtures/models/mlp");
        }
        Map<String, Object> m;
        try {
            m = (Map<String, Object>) Json.parse(Files.readString(mj));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + mj + ": " + e.getMessage(), e);
        }
        Object model = m.get("model");
        if (!(model instanceof String name)) throw new IllegalArgumentException(mj + " has no \"model\" name");
        Map<String, Map<Integer, String>> axes = new LinkedHashMap<>();
        Object da = m.get("dynamic_axes");
        if (da instanceof Map<?, ?> dm) {
            dm.forEach((input, ax) -> {
                Map<Integer, String> a = new TreeMap<>();
                ((Map<String, Object>) ax).forEach((k, v) -> a.put(Integer.parseInt(k), (String) v));
                axes.put((String) input, a);
            });
        }
        return new Fixture(dir, name, (List<String>) m.getOrDefault("inputs", List.of()),
                (List<String>) m.getOrDefault("outputs", List.of()), axes);
    }

    Path weights() { return dir.resolve("weights.safetensors"); }

    /** {@code io.safetensors}, then {@code io_alt.safetensors} when present. */
    List<Io> ios() {
        List<Io> out = new ArrayList<>();
        for (String f : List.of("io.safetensors", "io_alt.safetensors")) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) out.add(io(p));
            else if (f.equals("io.safetensors")) throw new IllegalArgumentException(dir + " has no io.safetensors");
        }
        return out;
    }

    /** The first io file (the example inputs). */
    Io io() { return ios().get(0); }

    private Io io(Path p) {
        Map<String, Tensor> t = Safetensors.read(p);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String n : inputNames) {
            Tensor x = t.get(n);
            if (x == null) throw new IllegalArgumentException(p + " has no input '" + n + "' (model.json lists " + inputNames + ")");
            in.put(n, x);
        }
        List<Tensor> outs = new ArrayList<>();
        for (int i = 0; t.containsKey("output" + i); i++) outs.add(t.get("output" + i));
        if (outs.isEmpty()) throw new IllegalArgumentException(p + " has no expected outputs (output0, output1, ...)");
        return new Io(p, in, outs);
    }
}
