package dev.onnxport.cli;

import dev.onnxport.nn.Module;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
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

/**
 * One case of the op fixtures ({@code ../shared/fixtures/ops/manifest.json}): a single aten call with its
 * arguments and PyTorch's outputs. As a model, every tensor argument (also inside a {@code Tensor[]}) is a
 * graph input, in argument order then keyword order, named after the fixture tensor.
 */
record OpCase(String id, String qualified, List<Object> args, Map<String, Object> kwargs, List<String> outputNames,
              Path tensorsFile) {

    /** The cases of {@code dir/manifest.json}, in manifest order; tensors are read when a case runs. */
    @SuppressWarnings("unchecked")
    static List<OpCase> load(Path dir) {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException(dir + " has no manifest.json; --ops expects a folder like ../shared/fixtures/ops");
        }
        Map<String, Object> m;
        try {
            m = (Map<String, Object>) Json.parse(Files.readString(manifest));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        List<OpCase> out = new ArrayList<>();
        for (Object o : (List<Object>) m.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String overload = (String) c.get("overload");
            String q = overload == null || overload.isEmpty() ? (String) c.get("op") : c.get("op") + "." + overload;
            String id = (String) c.get("id");
            out.add(new OpCase(id, q, (List<Object>) c.get("args"), (Map<String, Object>) c.get("kwargs"),
                    (List<String>) c.get("outputs"), dir.resolve(id + ".safetensors")));
        }
        return out;
    }

    /** The case's tensors (arguments and PyTorch's outputs) by fixture name. */
    Map<String, Tensor> tensors() { return Safetensors.read(tensorsFile); }

    /** Graph input names, one per tensor argument, in the order {@link #model} takes them. */
    List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (String t : tensorArgs()) names.add(t.replace('.', '_'));
        return names;
    }

    /** The example inputs, in {@link #inputNames} order. */
    Tensor[] inputs(Map<String, Tensor> tensors) {
        List<String> names = tensorArgs();
        Tensor[] in = new Tensor[names.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = tensors.get(names.get(i));
            if (in[i] == null) throw new IllegalArgumentException(tensorsFile + " has no tensor '" + names.get(i) + "'");
        }
        return in;
    }

    /** PyTorch's outputs, in order. */
    List<Tensor> expected(Map<String, Tensor> tensors) {
        List<Tensor> out = new ArrayList<>();
        for (String o : outputNames) out.add(tensors.get(o));
        return out;
    }

    /** A module whose forward makes just this call on its positional tensors. */
    Module model() {
        return new Module() {
            @Override
            public Object invoke(Tensor... inputs) {
                int[] next = {0};
                Object[] pos = args.stream().map(a -> arg(a, inputs, next)).toArray();
                Map<String, Object> kw = new LinkedHashMap<>();
                kwargs.forEach((k, v) -> kw.put(k, arg(v, inputs, next)));
                return AtenOps.registry().get(qualified).callKw(pos, kw);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private List<String> tensorArgs() {
        List<String> names = new ArrayList<>();
        List<Object> all = new ArrayList<>(args);
        all.addAll(kwargs.values());
        for (Object a : all) {
            if (a instanceof Map<?, ?> m && m.containsKey("tensor")) names.add((String) m.get("tensor"));
            else if (a instanceof Map<?, ?> m && m.containsKey("tensors")) for (Object n : (List<Object>) m.get("tensors")) names.add((String) n);
        }
        return names;
    }

    /** A manifest argument as the op takes it: the next input tensor(s), a non-finite float, or the literal. */
    @SuppressWarnings("unchecked")
    private static Object arg(Object a, Tensor[] inputs, int[] next) {
        if (a instanceof Map<?, ?> m) {
            if (m.containsKey("tensor")) return inputs[next[0]++];
            if (m.containsKey("tensors")) {
                List<Object> l = new ArrayList<>();
                for (Object ignored : (List<Object>) m.get("tensors")) l.add(inputs[next[0]++]);
                return l;
            }
            if (m.containsKey("float")) return Double.parseDouble(((String) m.get("float")).replace("inf", "Infinity"));
        }
        return a;
    }
}
