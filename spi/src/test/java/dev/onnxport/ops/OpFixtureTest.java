package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** One manifest case, with its tensors loaded. */
    record Case(String id, String op, String overload, String schema, List<Object> args, Map<String, Object> kwargs,
                List<String> outputs, Map<String, Tensor> tensors) {
        String qualified() { return overload.isEmpty() ? op : op + "." + overload; }
    }

    /**
     * The manifest's cases (at least {@link Fixtures#OP_CASES}), or those named by {@code -Donnxport.case=a,b}, which
     * must all exist.
     */
    @SuppressWarnings("unchecked")
    static List<Case> cases() {
        Path dir = Fixtures.ops();
        List<Map<String, Object>> manifest = Fixtures.opManifestCases();
        List<String> only = Fixtures.only("onnxport.case", manifest.stream().map(c -> (String) c.get("id")).toList());
        List<Case> out = new ArrayList<>();
        for (Map<String, Object> c : manifest) {
            String id = (String) c.get("id");
            if (only != null && !only.contains(id)) continue;
            out.add(new Case(id, (String) c.get("op"), (String) c.get("overload"), (String) c.get("schema"),
                    (List<Object>) c.get("args"), (Map<String, Object>) c.get("kwargs"), (List<String>) c.get("outputs"),
                    Safetensors.read(dir.resolve(id + ".safetensors"))));
        }
        Fixtures.floor("op fixture cases", out.size(), only == null ? manifest.size() : only.size());
        return out;
    }

    /** Turns a manifest argument into the Java value the registry takes. */
    @SuppressWarnings("unchecked")
    static Object arg(Object a, Map<String, Tensor> tensors, boolean meta) {
        if (a instanceof Map<?, ?> m) {
            if (m.containsKey("tensor")) {
                Tensor t = tensors.get((String) m.get("tensor"));
                return meta ? t.toMeta() : t;
            }
            if (m.containsKey("tensors")) {
                List<Object> l = new ArrayList<>();
                for (Object n : (List<Object>) m.get("tensors")) {
                    Tensor t = tensors.get((String) n);
                    l.add(meta ? t.toMeta() : t);
                }
                return l;
            }
            if (m.containsKey("float")) return Double.parseDouble(((String) m.get("float")).replace("inf", "Infinity"));
            throw new IllegalArgumentException("unknown argument form " + m);
        }
        return a;
    }

    static Tensor[] run(Case c, boolean meta) {
        OpDef op = OpRegistry.global().get(c.qualified());
        assertEquals(c.schema(), op.schema().text(), "registered schema differs from PyTorch's");
        Object[] pos = c.args().stream().map(a -> arg(a, c.tensors(), meta)).toArray();
        Map<String, Object> kw = new LinkedHashMap<>();
        c.kwargs().forEach((k, v) -> kw.put(k, arg(v, c.tensors(), meta)));
        Args args = Args.bind(op, pos, kw);
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
            OpDef op = OpRegistry.global().get(c.qualified());
            assertTrue(op.shapeRule() != null, c.qualified() + " has no shape rule");
            boolean anyTensor = c.args().stream().anyMatch(a -> a instanceof Map<?, ?> m && (m.containsKey("tensor") || m.containsKey("tensors")));
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
