package dev.onnxport.testing;

import dev.onnxport.nn.Module;
import dev.onnxport.ir.Graph;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The op fixture cases of {@code shared/fixtures/ops} as one-op models: every tensor argument is a model input, in
 * argument order, named after its fixture tensor ({@code .} becomes {@code _}). Shared by the modules' tests.
 */
public final class OpCases {
    private OpCases() {}

    public record Case(String id, String qualified, List<Object> args, Map<String, Object> kwargs, List<String> outputs,
                Map<String, Tensor> tensors) {
        /** The model: its invoke calls the op once on the inputs, the non-tensor arguments fixed. */
        public Module model() {
            return new Module() {
                @Override public Object invoke(Tensor... in) {
                    int[] next = {0};
                    Object[] pos = args.stream().map(a -> arg(a, in, next)).toArray();
                    Map<String, Object> kw = new LinkedHashMap<>();
                    kwargs.forEach((k, v) -> kw.put(k, arg(v, in, next)));
                    return OpRegistry.global().get(qualified).callKw(pos, kw);
                }
            };
        }

        /** Input tensors by input name ({@code .} of fixture names becomes {@code _}). */
        public Map<String, Tensor> inputs() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            collect(args, m);
            collect(new ArrayList<>(kwargs.values()), m);
            return m;
        }

        public List<Tensor> expected() { return outputs.stream().map(tensors::get).toList(); }

        /** The one call traced: every tensor argument is a graph input named as in {@link #inputs()}. */
        public Graph trace() {
            Map<String, Tensor> in = inputs();
            return Tracer.trace(model(), TraceOptions.defaults().withGraphName(id).withInputNames(List.copyOf(in.keySet())),
                    in.values().toArray(new Tensor[0]));
        }

        @SuppressWarnings("unchecked")
        private void collect(List<Object> list, Map<String, Tensor> into) {
            for (Object a : list) {
                if (a instanceof Map<?, ?> m && m.containsKey("tensor")) {
                    into.put(((String) m.get("tensor")).replace('.', '_'), tensors.get((String) m.get("tensor")));
                } else if (a instanceof Map<?, ?> m && m.containsKey("tensors")) {
                    for (Object n : (List<Object>) m.get("tensors")) into.put(((String) n).replace('.', '_'), tensors.get((String) n));
                }
            }
        }
    }

    /** Every case of the manifest, in manifest order (at least {@link Fixtures#OP_CASES}). */
    public static List<Case> load() throws IOException { return load(null); }

    /** The ids of every manifest case, in manifest order. */
    public static List<String> ids() {
        return Fixtures.opManifestCases().stream().map(c -> (String) c.get("id")).toList();
    }

    /** The cases whose op (qualified name, e.g. {@code aten::add.Tensor}) is in {@code ops}; all when null. */
    @SuppressWarnings("unchecked")
    public static List<Case> load(java.util.Set<String> ops) throws IOException {
        Path dir = Fixtures.ops();
        List<Case> out = new ArrayList<>();
        for (Map<String, Object> c : Fixtures.opManifestCases()) {
            String overload = (String) c.get("overload");
            String q = overload.isEmpty() ? (String) c.get("op") : c.get("op") + "." + overload;
            if (ops != null && !ops.contains(q)) continue;
            String id = (String) c.get("id");
            out.add(new Case(id, q, (List<Object>) c.get("args"), (Map<String, Object>) c.get("kwargs"),
                    (List<String>) c.get("outputs"), Safetensors.read(dir.resolve(id + ".safetensors"))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object arg(Object a, Tensor[] in, int[] next) {
        if (a instanceof Map<?, ?> m) {
            if (m.containsKey("tensor")) return in[next[0]++];
            if (m.containsKey("tensors")) {
                List<Object> l = new ArrayList<>();
                for (Object ignored : (List<Object>) m.get("tensors")) l.add(in[next[0]++]);
                return l;
            }
            if (m.containsKey("float")) return Double.parseDouble(((String) m.get("float")).replace("inf", "Infinity"));
        }
        return a;
    }
}
