package dev.onnxport.zoo.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.zoo.Zoo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every torchvision twin against torchvision 0.14 (src/test/resources/torchvision, made by
 * tools/torchvision-fixtures/gen_tv.py): its parameter count, and for one model per family every state-dict name
 * and shape in torchvision's order. Models are built without data ({@link Init#withoutData}): shapes only.
 */
class VisionModelsTest {
    /** torchvision model functions the zoo does not have yet. */
    static final Set<String> NOT_YET = Set.of();

    static Stream<String> factories() {
        return Zoo.names().stream().filter(n -> Models.get(n) instanceof VisionFactories.Classifier);
    }

    static Stream<String> families() {
        return TorchvisionReference.stateDicts().keySet().stream().filter(n -> !NOT_YET.contains(n));
    }

    private static Module skeleton(String name) { return Init.withoutData(() -> Models.get(name).create()); }

    @Test
    void everyTorchvisionModelIsAZooFactoryOrListedAsMissing() {
        Set<String> zoo = new TreeSet<>(Zoo.names());
        List<String> absent = new ArrayList<>();
        for (String name : TorchvisionReference.parameterCounts().keySet()) {
            if (!zoo.contains(name) && !NOT_YET.contains(name)) absent.add(name);
            if (zoo.contains(name)) assertFalse(NOT_YET.contains(name), name + " is a factory: take it off NOT_YET");
        }
        assertEquals(List.of(), absent, "torchvision models that are neither zoo factories nor in NOT_YET");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void parameterCountIsTorchvisions(String name) {
        Long want = TorchvisionReference.parameterCounts().get(name);
        assertNotNull(want, name + " is not a torchvision 0.14 model function");
        assertEquals(want, skeleton(name).parameterCount(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void stateDictIsTorchvisions(String name) {
        Map<String, List<Long>> want = TorchvisionReference.stateDicts().get(name);
        Map<String, Tensor> got = skeleton(name).stateDict();
        List<String> diff = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : want.entrySet()) {
            Tensor t = got.get(e.getKey());
            if (t == null) diff.add("missing " + e.getKey());
            else if (!Arrays.equals(e.getValue().stream().mapToLong(Long::longValue).toArray(), t.shape())) {
                diff.add(e.getKey() + ": " + Arrays.toString(t.shape()) + ", torchvision " + e.getValue());
            }
        }
        for (String k : got.keySet()) if (!want.containsKey(k)) diff.add("unexpected " + k);
        assertEquals(List.of(), diff.subList(0, Math.min(diff.size(), 20)), name + ": " + diff.size() + " differences");
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), name + ": state_dict order");
    }

    /** Every model's forward runs on its example input, traced with shapes only: logits (1, 1000). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void tracesToLogitsWithShapesOnly(String name) {
        ModelFactory f = Models.get(name);
        Module m = skeleton(name);
        Graph g = Tracer.trace(m, TraceOptions.defaults().withGraphName(name).withInputNames(f.inputNames())
                .withOutputNames(f.outputNames()).withShapeOnly(true), f.exampleInputs());
        assertEquals(1, g.outputs().size(), name);
        assertArrayEquals(new long[] {1, 1000}, g.outputs().get(0).type().shape(), name);
        // GoogLeNet's and Inception-v3's auxiliary classifiers run in training only, as in torchvision
        List<String> used = m.namedParameters().keySet().stream().filter(k -> !k.startsWith("aux") && !k.startsWith("AuxLogits")).toList();
        assertTrue(g.initializers().keySet().containsAll(used), name + ": every parameter is an initializer");
    }

    @Test
    void factoriesAreClassifiersWithOneImageInput() {
        for (String name : factories().toList()) {
            ModelFactory f = Models.get(name);
            assertEquals(List.of("x"), f.inputNames(), name);
            Tensor x = f.exampleInputs()[0];
            assertEquals(4, x.shape().length, name);
            assertTrue(f.description().startsWith("torchvision"), name);
        }
    }
}
