package dev.onnxport.ir.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges initializers holding equal tensors (same dtype, shape and bytes), such as tied or repeated
 * weights: the first in insertion order keeps its name, uses of the others are rewired to it and they
 * are dropped (an initializer that is itself a graph output keeps its name). Only initializers sharing dtype and
 * shape with another are looked at, first by a hash of a few hundred sampled elements; only those whose samples
 * agree are hashed in full and compared byte by byte, so distinct weights are never read whole.
 */
public final class InitializerDeduplication implements GraphPass {
    private static final Logger LOG = LoggerFactory.getLogger(InitializerDeduplication.class);

    @Override public String name() { return "dedup-initializers"; }

    private record Layout(DType dtype, List<Long> shape) {
        static Layout of(Value v) { return new Layout(v.data().dtype(), Arrays.stream(v.data().shape()).boxed().toList()); }
    }

    @Override
    public boolean run(Graph graph) {
        Map<Layout, List<Value>> byLayout = new LinkedHashMap<>();
        for (Value v : graph.initializers().values()) {
            if (!v.data().isMeta()) byLayout.computeIfAbsent(Layout.of(v), k -> new ArrayList<>()).add(v);
        }
        List<String> dropped = new ArrayList<>();
        for (List<Value> group : byLayout.values()) {
            if (group.size() < 2) continue;
            Map<Long, List<Value>> bySample = new LinkedHashMap<>();
            for (Value v : group) bySample.computeIfAbsent(TensorContent.sampleHash(v.data()), k -> new ArrayList<>()).add(v);
            for (List<Value> candidates : bySample.values()) {
                if (candidates.size() > 1) merge(graph, candidates, dropped);
            }
        }
        return !dropped.isEmpty();
    }

    /** Merges equal tensors among {@code group} (same layout and samples): full hash, then a byte compare. */
    private void merge(Graph graph, List<Value> group, List<String> dropped) {
        Map<Long, List<Value>> kept = new HashMap<>();
        for (Value v : group) {
            List<Value> same = kept.computeIfAbsent(TensorContent.hash(v.data()), k -> new ArrayList<>());
            Value twin = same.stream().filter(k -> TensorContent.equal(k.data(), v.data())).findFirst().orElse(null);
            if (twin == null || graph.outputs().contains(v)) {
                same.add(v);
                continue;
            }
            graph.replaceAllUses(v, twin);
            graph.removeInitializer(v.name());
            dropped.add(v.name());
            LOG.debug("{}: %{} has the same data as %{}; using %{}", name(), v.name(), twin.name(), twin.name());
        }
    }
}
