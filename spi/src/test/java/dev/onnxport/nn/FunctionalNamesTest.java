package dev.onnxport.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.fixtures.OpCase;
import dev.onnxport.testing.Fixtures;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every op F dispatches to is a schema of the op suites' manifests (ops and ops-more) or one of the agreed extra
 * schemas, and F covers every manifest op. Checked by name, so it holds before all kernels are registered.
 */
class FunctionalNamesTest {
    static final Set<String> EXTRA = Set.of("aten::sub.Scalar", "aten::div.Scalar", "aten::eq.Scalar", "aten::ne.Tensor",
            "aten::contiguous", "aten::clone", "aten::ones", "aten::full_like", "aten::view_as", "aten::expand_as",
            "aten::rnn_relu.input", "aten::expm1", "aten::exp2", "aten::cosh", "aten::sinh", "aten::trunc",
            // newer than torch 1.13 (or not in torch: rotary), checked against tools/attention-fixtures by AttentionOpsTest
            "aten::rms_norm", "aten::scaled_dot_product_attention", "onnxport::rotary_embedding");

    @Test
    void fDispatchesExactlyToKnownSchemas() throws Exception {
        Set<String> known = new HashSet<>(EXTRA);
        Set<String> manifestOps = new HashSet<>();
        for (Fixtures.Suite suite : Fixtures.Suite.values()) for (OpCase c : OpCase.load(suite.dir())) manifestOps.add(c.qualified());
        known.addAll(manifestOps);

        Set<String> used = new HashSet<>();
        for (Field f : F.class.getDeclaredFields()) {
            if (f.getType() == Op.class && Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                Field name = Op.class.getDeclaredField("name");
                name.setAccessible(true);
                used.add((String) name.get(f.get(null)));
            }
        }
        List<String> unknown = new ArrayList<>(used);
        unknown.removeAll(known);
        assertTrue(unknown.isEmpty(), "F uses ops outside the manifest and the agreed extras: " + unknown);
        List<String> uncovered = new ArrayList<>(manifestOps);
        uncovered.removeAll(used);
        assertTrue(uncovered.isEmpty(), "manifest ops without an F method: " + uncovered);
    }
}
