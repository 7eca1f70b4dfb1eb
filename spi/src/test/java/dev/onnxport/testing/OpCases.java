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
import dev.onnxport.testing.Fixtures.Suite;

/**
 * The op fixture cases of {@code shared/fixtures/ops} as one-op models with their tensors loaded, read by
 * {@link OpCase} (the fixtures library): every tensor argument is a model input, in argument order, named after its
 * fixture tensor ({@code .} becomes {@code _}). Shared by the modules' tests.
 */
public final class OpCases {
    private OpCases() {}

    /** A case of a suite and its tensors. */
    public record Case(Suite suite, OpCase fixture, Map<String, Tensor> tensors) {
        public Case(OpCase fixture, Map<String, Tensor> tensors) { this(Suite.OPS, fixture, tensors); }

        public String id() { return fixture.id(); }

        /** The id as test names and docs show it: {@code abs}, {@code ops-more/acos} ({@link Suite#label}). */
        public String label() { return suite.label(fixture.id()); }

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

    /** Every case of the {@code ops} manifest, in manifest order (at least {@link Fixtures#OP_CASES}). */
    public static List<Case> load() throws IOException { return load(Suite.OPS, null); }

    /** Every case of a suite's manifest, in manifest order (at least {@link Suite#minCases()}). */
    public static List<Case> load(Suite suite) throws IOException { return load(suite, null); }

    /** The ids of every {@code ops} manifest case, in manifest order. */
    public static List<String> ids() { return ids(Suite.OPS); }

    /** The ids of every case of a suite's manifest, in manifest order. */
    public static List<String> ids(Suite suite) {
        return Fixtures.opManifestCases(suite).stream().map(c -> (String) c.get("id")).toList();
    }

    /** The {@code ops} cases whose op (qualified name, e.g. {@code aten::add.Tensor}) is in {@code ops}; all when null. */
    public static List<Case> load(Set<String> ops) throws IOException { return load(Suite.OPS, ops); }

    /** A suite's cases whose op (qualified name) is in {@code ops}; all when null. */
    public static List<Case> load(Suite suite, Set<String> ops) throws IOException {
        List<Case> out = new ArrayList<>();
        for (OpCase c : OpCase.load(suite.dir())) {
            if (ops == null || ops.contains(c.qualified())) out.add(new Case(suite, c, c.tensors()));
        }
        return out;
    }

    /**
     * Whether a case is known not to work yet (issue 14 adds the ops of {@code ops-more} one group at a time), and why:
     * {@code "eager"} (no kernel yet: the eager and lowering tests skip it), {@code "lowering"} (the kernel matches
     * PyTorch, the ONNX lowering is missing or wrong: the lowering tests skip it), or null. A pending case is reported
     * skipped with that reason, never passed; one that starts to pass fails its test until it is taken off this list,
     * so the list only shrinks.
     */
    public static String pending(Suite suite, String id) {
        if (suite != Suite.OPS_MORE) return null;
        if (EAGER_PENDING.contains(id)) return "eager";
        if (LOWERING_PENDING.contains(id)) return "lowering";
        return null;
    }

    /** ops-more cases without an eager kernel yet. */
    private static final Set<String> EAGER_PENDING = words("""

            """);

    /** ops-more cases whose kernel matches PyTorch but whose ONNX lowering is missing (at some opset it can express). */
    private static final Set<String> LOWERING_PENDING = words("""
            """);

    private static Set<String> words(String s) {
        return Set.of(s.strip().isEmpty() ? new String[0] : s.strip().split("\\s+"));
    }
}
