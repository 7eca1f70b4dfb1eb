package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.nn.Module;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The op fixture cases of {@code ../shared/fixtures/ops}, traced as one-op models whose tensors are graph inputs. */
final class OpCases {
    private OpCases() {}

    record Case(String id, String qualified, List<Object> args, Map<String, Object> kwargs, List<String> outputs,
                Map<String, Tensor> tensors) {}

    static Path dir() {
        String prop = System.getProperty("onnxport.shared");
        List<Path> tries = new ArrayList<>();
        if (prop != null) tries.add(Path.of(prop));
        tries.add(Path.of("..", "shared"));
        tries.add(Path.of("..", "..", "shared"));
        tries.add(Path.of("..", "..", "..", "shared"));
        for (Path p : tries) if (Files.isDirectory(p.resolve("fixtures/ops"))) return p.resolve("fixtures/ops");
        assumeTrue(false, "PyTorch fixtures not found (set -Donnxport.shared=DIR); skipping");
        return null;
    }

    @SuppressWarnings("unchecked")
    static List<Case> load(java.util.Set<String> ops) throws IOException {
        Path dir = dir();
        Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("manifest.json")));
        List<Case> out = new ArrayList<>();
        for (Object o : (List<Object>) m.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String overload = (String) c.get("overload");
            String q = overload.isEmpty() ? (String) c.get("op") : c.get("op") + "." + overload;
            if (!ops.contains(q)) continue;
            String id = (String) c.get("id");
            out.add(new Case(id, q, (List<Object>) c.get("args"), (Map<String, Object>) c.get("kwargs"),
                    (List<String>) c.get("outputs"), Safetensors.read(dir.resolve(id + ".safetensors"))));
        }
        return out;
    }

    /** Traces the case's one call; every tensor argument becomes a graph input, in argument order. */
    static Graph trace(Case c) {
        List<Tensor> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        collect(c.args(), c, inputs, names);
        collect(new ArrayList<>(c.kwargs().values()), c, inputs, names);
        Module model = new Module() {};
        return Tracer.trace(model, TraceOptions.defaults().withGraphName(c.id()).withInputNames(names), traced -> {
            int[] next = {0};
            Object[] pos = c.args().stream().map(a -> arg(a, traced, next)).toArray();
            Map<String, Object> kw = new LinkedHashMap<>();
            c.kwargs().forEach((k, v) -> kw.put(k, arg(v, traced, next)));
            return OpRegistry.global().get(c.qualified()).callKw(pos, kw);
        }, inputs.toArray(new Tensor[0]));
    }

    /** Input tensors by graph input name, for running the exported model. */
    static Map<String, Tensor> inputs(Case c) {
        List<Tensor> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        collect(c.args(), c, inputs, names);
        collect(new ArrayList<>(c.kwargs().values()), c, inputs, names);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) m.put(names.get(i), inputs.get(i));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void collect(List<Object> args, Case c, List<Tensor> inputs, List<String> names) {
        for (Object a : args) {
            if (a instanceof Map<?, ?> m && m.containsKey("tensor")) {
                names.add(((String) m.get("tensor")).replace('.', '_'));
                inputs.add(c.tensors().get((String) m.get("tensor")));
            } else if (a instanceof Map<?, ?> m && m.containsKey("tensors")) {
                for (Object n : (List<Object>) m.get("tensors")) {
                    names.add(((String) n).replace('.', '_'));
                    inputs.add(c.tensors().get((String) n));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object arg(Object a, Tensor[] traced, int[] next) {
        if (a instanceof Map<?, ?> m) {
            if (m.containsKey("tensor")) return traced[next[0]++];
            if (m.containsKey("tensors")) {
                List<Object> l = new ArrayList<>();
                for (Object ignored : (List<Object>) m.get("tensors")) l.add(traced[next[0]++]);
                return l;
            }
            if (m.containsKey("float")) return Double.parseDouble(((String) m.get("float")).replace("inf", "Infinity"));
        }
        return a;
    }
}
