package dev.onnxport.testing;

import dev.onnxport.fixtures.OpCase;
import dev.onnxport.ir.Graph;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The op fixture cases of {@code shared/fixtures/ops} as one-op models with their tensors loaded, read by
 * {@link OpCase} (the fixtures library): every tensor argument is a model input, in argument order, named after its
 * fixture tensor ({@code .} becomes {@code _}). Shared by the modules' tests.
 */
public final class OpCases {
    private OpCases() {}

    /** A case and its tensors. */
    public record Case(OpCase fixture, Map<String, Tensor> tensors) {
        public String id() { return fixture.id(); }

        public String qualified() { return fixture.qualified(); }

        /** The names of PyTorch's outputs in {@link #tensors}, in order. */
        public List<String> outputs() { return fixture.outputNames(); }

        /** The model: its invoke calls the op once on the inputs, the non-tensor arguments fixed. */
        public Module model() { return fixture.model(); }

        /** Input tensors by input name ({@code .} of fixture names becomes {@code _}). */
        public Map<String, Tensor> inputs() { return fixture.namedInputs(tensors); }

        public List<Tensor> expected() { return fixture.expected(tensors); }

        /** The one call traced: every tensor argument is a graph input named as in {@link #inputs()}. */
        public Graph trace() {
            Map<String, Tensor> in = inputs();
            return Tracer.trace(model(), TraceOptions.defaults().withGraphName(id()).withInputNames(List.copyOf(in.keySet())),
                    in.values().toArray(new Tensor[0]));
        }
    }

    /** Every case of the manifest, in manifest order (at least {@link Fixtures#OP_CASES}). */
    public static List<Case> load() throws IOException { return load(null); }

    /** The ids of every manifest case, in manifest order. */
    public static List<String> ids() {
        return Fixtures.opManifestCases().stream().map(c -> (String) c.get("id")).toList();
    }

    /** The cases whose op (qualified name, e.g. {@code aten::add.Tensor}) is in {@code ops}; all when null. */
    public static List<Case> load(Set<String> ops) throws IOException {
        List<Case> out = new ArrayList<>();
        for (OpCase c : OpCase.load(Fixtures.ops())) {
            if (ops == null || ops.contains(c.qualified())) out.add(new Case(c, c.tensors()));
        }
        return out;
    }
}
