package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OpCases;
import dev.onnxport.testing.OpCases.Case;
import dev.onnxport.testing.Fixtures.Suite;
import org.junit.jupiter.api.Assumptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Drives every case of the op suites ({@code fixtures/ops} and {@code fixtures/ops-more}, {@link Suite}) through the
 * registry by schema name with the manifest's arguments, and compares the kernel's outputs with PyTorch's (float: rtol
 * 1e-4, atol 1e-5; integers and bools exact). A second test per case checks the shape rule against the same outputs.
 * A case {@link OpCases#pending} lists as {@code "eager"} is reported skipped while it fails, and fails once it passes.
 */
class OpFixtureTest {
    static final double RTOL = 1e-4, ATOL = 1e-5;

    /** Ops whose output sizes depend on the input's values: their shape rules refuse meta inputs. */
    static final java.util.Set<String> DATA_DEPENDENT = java.util.Set.of("aten::nonzero", "aten::masked_select", "aten::_unique2",
            "aten::unique_dim");

    /**
     * The manifest's cases with their tensors (at least {@link Fixtures#OP_CASES}), or those named by
     * {@code -Donnxport.case=a,b}, which must all exist.
     */
    static List<Case> cases() throws IOException {
        List<Case> all = new ArrayList<>();
        for (Suite s : Suite.values()) all.addAll(OpCases.load(s));
        List<String> known = new ArrayList<>(all.stream().map(Case::id).distinct().toList());
        all.stream().map(Case::label).filter(l -> !known.contains(l)).forEach(known::add);
        List<String> only = Fixtures.only("onnxport.case", known);
        List<Case> out = all.stream().filter(c -> only == null || only.contains(c.id()) || only.contains(c.label())).toList();
        Fixtures.floor("op fixture cases", out.size(), only == null ? Fixtures.OP_CASES + Fixtures.OPS_MORE_CASES : only.size());
        return out;
    }

    /** Runs a case's check; a case pending as {@code "eager"} is skipped while it fails and fails once it passes. */
    static void check(Case c, org.junit.jupiter.api.function.Executable test) throws Throwable {
        if (!"eager".equals(OpCases.pending(c.suite(), c.id()))) {
            test.execute();
            return;
        }
        try {
            test.execute();
        } catch (Throwable t) {
            Assumptions.abort(c.label() + " is pending (issue 14: no eager kernel yet): " + t);
        }
        fail(c.label() + " passes now: take it off OpCases' EAGER_PENDING list");
    }

    static Tensor[] run(Case c, boolean meta) {
        OpDef op = AtenOps.registry().get(c.qualified());
        assertTrue(op != null, c.qualified() + " is not registered");
        assertEquals(c.fixture().schema(), op.schema().text(), "registered schema differs from PyTorch's");
        Function<String, Tensor> tensor = name -> meta ? c.tensors().get(name).toMeta() : c.tensors().get(name);
        Args args = Args.bind(op, c.fixture().positional(tensor), c.fixture().keywords(tensor));
        return Dispatcher.compute(op, args);
    }

    @TestFactory
    Stream<DynamicNode> kernelsMatchPyTorch() throws Exception {
        return Fixtures.factory(() -> cases().stream().map(c -> DynamicTest.dynamicTest(c.label() + " " + c.qualified(), () -> check(c, () -> {
            Tensor[] got = run(c, false);
            assertEquals(c.outputs().size(), got.length, c.id() + ": number of outputs");
            List<String> faults = new ArrayList<>();
            for (int i = 0; i < got.length; i++) {
                String f = Fixtures.compare(got[i], c.tensors().get(c.outputs().get(i)), RTOL, ATOL);
                if (f != null) faults.add("case " + c.id() + ", output " + i + ": " + f);
            }
            if (!faults.isEmpty()) fail(String.join("\n", faults));
        }))));
    }

    @TestFactory
    Stream<DynamicNode> shapeRulesMatchPyTorch() throws Exception {
        return Fixtures.factory(() -> cases().stream().map(c -> DynamicTest.dynamicTest(c.label() + " " + c.qualified() + " (shape rule)", () -> check(c, () -> {
            OpDef op = AtenOps.registry().get(c.qualified());
            if (DATA_DEPENDENT.contains(c.qualified())) {
                // no shape rule can tell the output size: it must refuse meta inputs, saying why
                Throwable e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> run(c, true));
                assertTrue(e.getMessage().contains("depends on the input's values"), e.getMessage());
                return;
            }
            assertTrue(op != null && op.shapeRule() != null, c.qualified() + " has no shape rule");
            boolean anyTensor = c.fixture().args().stream().anyMatch(a -> a instanceof Map<?, ?> m && (m.containsKey("tensor") || m.containsKey("tensors")));
            Tensor[] got = run(c, anyTensor);
            assertEquals(c.outputs().size(), got.length, c.id() + ": number of outputs");
            for (int i = 0; i < got.length; i++) {
                Tensor want = c.tensors().get(c.outputs().get(i));
                assertEquals(want.dtype(), got[i].dtype(), c.id() + " output " + i + " dtype");
                assertEquals(Arrays.toString(want.shape()), Arrays.toString(got[i].shape()), c.id() + " output " + i + " shape");
            }
        }))));
    }
}
