package dev.onnxport.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The large models trace with shapes only (inputs as meta tensors): the graph's outputs have the expected
 * shapes and every parameter is an initializer. Build and trace times are printed, not asserted.
 */
class ZooShapeOnlyTraceTest {
    private static final Map<String, List<long[]>> OUTPUTS = Map.of(
            "gpt2", List.of(new long[] {1, 64, 50257}),
            "resnet50", List.of(new long[] {1, 1000}),
            "bert-base", List.of(new long[] {1, 64, 768}, new long[] {1, 768}));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt2", "resnet50", "bert-base"})
    void tracesWithShapesOnly(String name) {
        ModelFactory f = Models.get(name);
        long t0 = System.nanoTime();
        Module m = f.create();
        long t1 = System.nanoTime();
        Graph g = Tracer.trace(m, TraceOptions.defaults().withGraphName(name).withInputNames(f.inputNames())
                .withOutputNames(f.outputNames()).withShapeOnly(true), f.exampleInputs());
        long t2 = System.nanoTime();
        System.out.printf("%-9s %,12d parameters: built in %,6d ms; shape-only trace %,6d ms, %,5d nodes (%,5d incl. nested), %d initializers%n",
                name, m.parameterCount(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, g.nodes().size(), g.allNodes().size(),
                g.initializers().size());
        List<long[]> want = OUTPUTS.get(name);
        assertEquals(want.size(), g.outputs().size(), name + ": outputs");
        for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), g.outputs().get(i).type().shape(), name + " output " + i);
        assertTrue(g.initializers().keySet().containsAll(m.namedParameters().keySet()), name + ": every parameter is an initializer");
    }
}
