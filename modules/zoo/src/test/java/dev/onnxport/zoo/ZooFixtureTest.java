package dev.onnxport.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.Tensors;
import dev.onnxport.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each twin, loaded with the fixture's PyTorch weights, reproduces PyTorch's eager outputs on the example
 * inputs (io) and on inputs of other batch and sequence sizes (io_alt): max|got - want| <= 1e-5 + 1e-4 * max|want|
 * per output. The measured errors are printed.
 */
class ZooFixtureTest {
    /** The models with PyTorch fixtures: each must be a zoo twin. */
    static List<String> models() { return Fixtures.MODELS; }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void matchesPyTorch(String model) {
        Module m = ZooFixtures.loaded(model);
        assertEquals(((Number) ZooFixtures.info(model).get("parameters")).longValue(), m.parameterCount(), "parameter count");
        for (String file : List.of("io.safetensors", "io_alt.safetensors")) {
            Map<String, Tensor> io = Safetensors.read(ZooFixtures.dir(model).resolve(file));
            List<Tensor> got = Tensors.flatten(m.invoke(ZooFixtures.inputs(model, io)));
            List<String> outs = ZooFixtures.names(model, "outputs");
            assertEquals(outs.size(), got.size(), model + ": number of outputs");
            for (int i = 0; i < outs.size(); i++) {
                Tensor want = io.get(outs.get(i));
                Tensor g = got.get(i);
                assertEquals(want.dtype(), g.dtype(), model + " " + file + " " + outs.get(i) + " dtype");
                assertArrayEquals(want.shape(), g.shape(), model + " " + file + " " + outs.get(i) + " shape");
                double maxErr = 0, maxWant = 0;
                for (long k = 0; k < want.numel(); k++) {
                    double w = want.getDoubleFlat(k);
                    maxErr = Math.max(maxErr, Math.abs(g.getDoubleFlat(k) - w));
                    maxWant = Math.max(maxWant, Math.abs(w));
                }
                double tol = 1e-5 + 1e-4 * maxWant;
                System.out.printf("%-13s %-18s %-8s max|got-want| = %.3e  (tolerance %.3e, max|want| %.3g)%n",
                        model, file, outs.get(i), maxErr, tol, maxWant);
                assertTrue(maxErr <= tol, model + " " + file + " " + outs.get(i) + ": max error " + maxErr + " > " + tol);
            }
        }
    }
}
