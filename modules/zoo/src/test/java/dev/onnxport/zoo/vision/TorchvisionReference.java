package dev.onnxport.zoo.vision;

import dev.onnxport.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * torchvision 0.14's numbers, written by tools/torchvision-fixtures/gen_tv.py (reference) into
 * src/test/resources/torchvision: every classification model's parameter count, and the state-dict names and
 * shapes, in order, of one model per family.
 */
final class TorchvisionReference {
    private TorchvisionReference() {}

    @SuppressWarnings("unchecked")
    static Map<String, Long> parameterCounts() {
        Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) read("parameters.json")).get("parameters");
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, ((Number) v).longValue()));
        return out;
    }

    /** Model name to its state dict: name to shape, in torchvision's order. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, List<Long>>> stateDicts() {
        Map<String, Map<String, List<Long>>> out = new TreeMap<>();
        ((Map<String, Object>) read("state_dicts.json")).forEach((model, entries) -> {
            if (model.equals("_")) return;
            Map<String, List<Long>> sd = new LinkedHashMap<>();
            for (Object e : (List<Object>) entries) {
                List<Object> pair = (List<Object>) e;
                sd.put((String) pair.get(0), ((List<Object>) pair.get(1)).stream().map(n -> ((Number) n).longValue()).toList());
            }
            out.put(model, sd);
        });
        return out;
    }

    private static Object read(String file) {
        try (InputStream in = TorchvisionReference.class.getResourceAsStream("/torchvision/" + file)) {
            if (in == null) throw new IllegalStateException("missing test resource /torchvision/" + file);
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
