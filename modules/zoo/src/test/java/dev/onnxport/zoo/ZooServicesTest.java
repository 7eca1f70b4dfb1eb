package dev.onnxport.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.ServiceDeclarations;
import dev.onnxport.zoo.vision.VisionFactories;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The factories are declared twice, in module-info ({@code provides}, read on the module path) and in
 * META-INF/services (read on the class path); both lists must name the same classes, and every one must be
 * a {@link ModelFactory} with a public no-argument constructor and a unique name.
 */
class ZooServicesTest {
    private static final Path MAIN = Path.of("src", "main");

    static final List<String> NAMES = List.of("bert-base", "gpt2", "gpt2-tiny", "gpt2-tiny-generate", "gru_bidir", "lenet", "lstm_tagger", "mlp",
            "mobilenet_v2", "resnet101", "resnet152", "resnet18", "resnet34", "resnet50", "tiny_bert", "tiny_gpt");

    static List<String> names() { return NAMES; }

    /** The torchvision twins of dev.onnxport.zoo.vision (their names and counts: VisionModelsTest). */
    static final List<Class<?>> VISION = Arrays.stream(VisionFactories.class.getDeclaredClasses())
            .filter(c -> ModelFactory.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())).toList();

    static boolean isVision(ModelFactory f) { return f.getClass().getDeclaringClass() == VisionFactories.class; }

    @Test
    void moduleInfoAndServicesFileListTheSameClasses() {
        Map<String, Set<String>> provides = ServiceDeclarations.inStep(ZooFactories.class);
        assertEquals(Set.of(ModelFactory.class.getName()), provides.keySet());
        assertEquals(NAMES.size() + VISION.size(), provides.get(ModelFactory.class.getName()).size(), "number of factories");
    }

    @Test
    void servicesAreFactoriesWithTheExpectedNames() throws Exception {
        Set<String> names = new TreeSet<>();
        int vision = 0;
        for (String line : Files.readAllLines(MAIN.resolve("resources/META-INF/services/dev.onnxport.spi.ModelFactory"))) {
            Class<?> c = Class.forName(line.strip());
            assertTrue(ModelFactory.class.isAssignableFrom(c), c + " is not a ModelFactory");
            ModelFactory f = (ModelFactory) c.getConstructor().newInstance();
            assertTrue(names.add(f.name()), "two factories are named " + f.name());
            if (isVision(f)) {
                vision++;
                names.remove(f.name());
                assertTrue(names.add("vision:" + f.name()), "two factories are named " + f.name());
                continue;
            }
            assertEquals(f.inputNames().size(), f.exampleInputs().length, f.name() + ": example inputs vs input names");
        }
        names.removeIf(n -> n.startsWith("vision:"));
        assertEquals(new TreeSet<>(NAMES), names);
        assertEquals(VISION.size(), vision, "vision factories in the services file");
        assertEquals(NAMES, Models.all().stream().filter(f -> !isVision(f)).map(ModelFactory::name).toList(),
                "Zoo.names() (ServiceLoader)");
    }

    @Test
    void gpt2TinyIsTinyGptUnderAnotherName() {
        ModelFactory alias = Models.get("gpt2-tiny"), tiny = Models.get("tiny_gpt");
        Map<String, Tensor> a = alias.create().stateDict(), t = tiny.create().stateDict();
        assertEquals(t.keySet(), a.keySet());
        for (String k : t.keySet()) assertArrayEquals(t.get(k).toDoubleArray(), a.get(k).toDoubleArray(), 0.0, k);
        assertArrayEquals(tiny.exampleInputs()[0].toDoubleArray(), alias.exampleInputs()[0].toDoubleArray(), 0.0, "example ids");
        assertEquals(tiny.dynamicAxes(), alias.dynamicAxes());
    }
}
