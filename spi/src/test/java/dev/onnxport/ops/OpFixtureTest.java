package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OpCases;
import dev.onnxport.testing.OpCases.Case;
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
 * Drives every case of {@code fixtures/ops/manifest.json} through the registry by schema name with the
 * manifest's arguments, and compares the kernel's outputs with PyTorch's (float: rtol 1e-4, atol 1e-5;
 * integers and bools exact). A second test per case checks the shape rule against the same outputs.
 */
class OpFixtureTest {
    static final double RTOL = 1e-4, ATOL = 1e-5;

    /**
     * The manifest's cases with their tensors (at least {@link Fixtures#OP_CASES}), or those named by
     * {@code -Donnxport.case=a,b}, which must all exist.
     */
    static List<Case> cases() throws IOException {
        List<Case> all = OpCases.load();
        List<String> only = Fixtures.only("onnxport.case", all.stream().map(Case::id).toList());
        List<Case> out = all.stream().filter(c -> only == null || only.contains(c.id())).toList();
        Fixtures.floor("op fixture cases", out.size(), only == null ? Fixtures.OP_CASES : only.size());
        return out;
    }

    static Tensor[] run(Case c, boolean meta) {
        OpDef op = AtenOps.registry().get(c.qualified());
        assertEquals(c.fixture().schema(), op.schema().text(), "registered schema differs from PyTorch's");
        Function<String, Tensor> tensor = name -> meta ? c.tensors().get(name).toMeta() : c.tensors().get(name);
        Args args = Args.bind(op, c.fixture().positional(tensor), c.fixture().keywords(tensor));
        return Dispatcher.compute(op, args);
    }

    @TestFactory
    Stream<DynamicNode> kernelsMatchPyTorch() throws Exception {
        return Fixtures.factory(() -> cases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.qualified(), () -> {
            Tensor[] got = run(c, false);
            assertEquals(c.outputs().size(), got.length, c.id() + ": number of outputs");
            List<String> faults = new ArrayList<>();
            for (int i = 0; i < got.length; i++) {
                String f = Fixtures.compare(got[i], c.tensors().get(c.outputs().get(i)), RTOL, ATOL);
                if (f != null) faults.add("case " + c.id() + ", output " + i + ": " + f);
            }
            if (!faults.isEmpty()) fail(String.join("\n", faults));
        })));
    }

    @TestFactory
    Stream<DynamicNode> shapeRulesMatchPyTorch() throws Exception {
        return Fixtures.factory(() -> cases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.qualified() + " (shape rule)", () -> {
            OpDef op = AtenOps.registry().get(c.qualified());
            assertTrue(op.shapeRule() != null, c.qualified() + " has no shape rule");
            boolean anyTensor = c.fixture().args().stream().anyMatch(a -> a instanceof Map<?, ?> m && (m.containsKey("tensor") || m.containsKey("tensors")));
            Tensor[] got = run(c, anyTensor);
            assertEquals(c.outputs().size(), got.length, c.id() + ": number of outputs");
            for (int i = 0; i < got.length; i++) {
                Tensor want = c.tensors().get(c.outputs().get(i));
                assertEquals(want.dtype(), got[i].dtype(), c.id() + " output " + i + " dtype");
                assertEquals(Arrays.toString(want.shape()), Arrays.toString(got[i].shape()), c.id() + " output " + i + " shape");
            }
        })));
    }
}
