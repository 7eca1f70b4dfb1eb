package dev.onnxport.zoo;

import dev.onnxport.testing.Golden;


import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Traces each twin on the fixture's example inputs (input and output names from model.json) and compares
 * the printed graph with {@code src/test/resources/golden/<model>.txt}. The goldens pin scopes, source
 * lines, initializer names and the symbolic size arithmetic; after an intended change, regenerate them with
 * {@code mvn -o test -pl modules/zoo -Dtest=ZooGoldenTest -Dgolden.update=true}, read the diff, and commit.
 */
class ZooGoldenTest {

    static List<String> models() { return Fixtures.MODELS; }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void traceMatchesGolden(String model) {
        Module m = ZooFixtures.loaded(model);
        Map<String, Tensor> io = Safetensors.read(ZooFixtures.dir(model).resolve("io.safetensors"));
        TraceOptions opts = TraceOptions.defaults().withGraphName(model)
                .withInputNames(ZooFixtures.names(model, "inputs"))
                .withOutputNames(ZooFixtures.names(model, "outputs"));
        Graph g = Tracer.trace(m, opts, ZooFixtures.inputs(model, io));
        Golden.check(model, GraphPrinter.print(g));   // with source lines: editing a zoo file means regenerating
    }
}
