package dev.onnxport.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** invokeOne and invokeAll give typed results of invoke: no casts from Object in user code. */
class ModuleTypedOutputsTest {
    static final class Two extends Module {
        @Override public Object invoke(Tensor... in) { return new Tensor[] {F.relu(in[0]), F.neg(in[0])}; }
    }

    @Test
    void invokeOneAndInvokeAll() {
        Tensor x = Tensor.of(new float[] {-1, 2}, 2);
        Linear l = new Linear(2, 1);
        Tensor y = l.invokeOne(Tensor.of(new float[] {1, 2}, 1, 2));
        assertArrayEquals(new long[] {1, 1}, y.shape());
        List<Tensor> both = new Two().invokeAll(x);
        assertEquals(2, both.size());
        assertArrayEquals(new float[] {0, 2}, both.get(0).floats());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Two().invokeOne(x));
        assertTrue(e.getMessage().contains("returned 2 tensors"), e.getMessage());
    }
}
