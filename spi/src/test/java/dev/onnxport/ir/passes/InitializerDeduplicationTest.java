package dev.onnxport.ir.passes;

import static dev.onnxport.ir.passes.PassCheck.apply;
import static dev.onnxport.ir.passes.PassCheck.initializers;
import static dev.onnxport.trace.TestOps.ADD;
import static dev.onnxport.trace.TestOps.VIEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.MappedTensors;
import dev.onnxport.trace.TestOps;
import dev.onnxport.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitializerDeduplicationTest {
    static Tensor mapped(float... v) {
        return MappedTensors.floats(v, 0);
    }

    /** a, its copy, a buffer-backed copy, and near misses: other shape, other dtype with the same bytes, other value. */
    static final class Net extends Module {
        final List<Parameter> ps = new ArrayList<>();

        Net() {
            int[] bits = {Float.floatToIntBits(1), Float.floatToIntBits(2), Float.floatToIntBits(3), Float.floatToIntBits(4)};
            ps.add(registerParameter("a", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)));
            ps.add(registerParameter("same", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)));
            ps.add(registerParameter("mapped", mapped(1, 2, 3, 4).asStrided(new long[] {2, 2}, new long[] {2, 1}, 0)));
            ps.add(registerParameter("transposed", Tensor.of(new float[] {1, 3, 2, 4}, 2, 2).asStrided(new long[] {2, 2}, new long[] {1, 2}, 0)));
            ps.add(registerParameter("flat", Tensor.of(new float[] {1, 2, 3, 4}, 4, 1)));
            ps.add(registerParameter("ints", Tensor.of(bits, 2, 2)));
            ps.add(registerParameter("other", Tensor.of(new float[] {1, 2, 3, 5}, 2, 2)));
        }

        @Override public Object invoke(Tensor... in) {
            Tensor y = in[0];
            for (Parameter p : ps) y = ADD.call1(y, p.get().dim() == 2 && p.get().size(1) == 1 ? VIEW.call1(p.get(), new long[] {2, 2}) : p.get());
            return y;
        }
    }

    @Test
    void mergesEqualInitializersKeepingTheFirstName() {
        Graph g = Tracer.trace(new Net(), TestOps.random(1, 2, 2));
        assertTrue(apply("dedup", g, new InitializerDeduplication()));
        assertEquals(List.of("a", "flat", "ints", "other"), initializers(g));
        List<Node> adds = g.nodes().stream().filter(n -> n.kind().equals("test::add")).toList();
        for (int i = 0; i < 4; i++) assertSame(g.initializers().get("a"), adds.get(i).input(1), "add " + i);
        assertFalse(new InitializerDeduplication().run(g));
    }

    @Test
    void largeTensorsCompareByHashThenBytesInChunks() {
        int n = 600_000;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i * 0.5f;
        float[] b = a.clone();
        float[] c = a.clone();
        c[n - 1] += 1;
        Tensor ta = Tensor.of(a), tb = Tensor.of(b), tc = Tensor.of(c);
        assertEquals(TensorContent.hash(ta), TensorContent.hash(tb));
        assertTrue(TensorContent.equal(ta, tb));
        assertNotEquals(TensorContent.hash(ta), TensorContent.hash(tc));
        assertFalse(TensorContent.equal(ta, tc));
        assertFalse(TensorContent.equal(Tensor.of(new float[] {0f}), Tensor.of(new float[] {-0f})));
    }
}
