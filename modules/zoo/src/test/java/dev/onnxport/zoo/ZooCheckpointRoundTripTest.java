package dev.onnxport.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.Tensors;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zoo model's state dict saved as safetensors and loaded into an instance built from another seed gives
 * that instance the same function: bit-identical eager outputs on the example inputs and the same traced graph.
 */
class ZooCheckpointRoundTripTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet18", "tiny_gpt", "lstm_tagger"})
    void savedWeightsReproduceTheModel(String name, @TempDir Path dir) {
        ZooFactories.Base f = (ZooFactories.Base) Models.get(name);
        Module original = f.create();
        Path file = dir.resolve(name + ".safetensors");
        Safetensors.write(file, original.stateDict());

        Module fresh = f.create(7);
        assertFalse(sameValues(original.stateDict(), fresh.stateDict()), name + ": seed 7 should draw other weights than seed 0");
        fresh.loadStateDict(Safetensors.read(file));
        assertEquals(List.copyOf(original.stateDict().keySet()), List.copyOf(fresh.stateDict().keySet()), "state-dict keys");
        assertTrue(sameValues(original.stateDict(), fresh.stateDict()), name + ": loaded state dict");

        Tensor[] in = f.exampleInputs();
        List<Tensor> want = Tensors.flatten(original.invoke(in));
        List<Tensor> got = Tensors.flatten(fresh.invoke(in));
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).dtype(), got.get(i).dtype());
            assertArrayEquals(want.get(i).shape(), got.get(i).shape());
            assertArrayEquals(want.get(i).toDoubleArray(), got.get(i).toDoubleArray(), 0.0, name + " output " + i);
        }

        TraceOptions opts = TraceOptions.defaults().withGraphName(name).withInputNames(f.inputNames()).withOutputNames(f.outputNames());
        String a = GraphPrinter.print(Tracer.trace(original, opts, in), false);
        String b = GraphPrinter.print(Tracer.trace(fresh, opts, in), false);
        assertEquals(a, b, name + ": traced graphs");
    }

    private static boolean sameValues(Map<String, Tensor> a, Map<String, Tensor> b) {
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            Tensor o = b.get(e.getKey());
            if (o == null || !Arrays.equals(e.getValue().toDoubleArray(), o.toDoubleArray())) return false;
        }
        return a.size() == b.size();
    }
}
