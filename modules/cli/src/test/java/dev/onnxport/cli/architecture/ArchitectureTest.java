package dev.onnxport.cli.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of CONTRIBUTING.md ("Architecture"), checked on the compiled main classes of every
 * module: no package cycles, and each layer uses only the layers below it. It reads the reactor's
 * {@code target/classes} folders, which Maven has built before this module's tests run.
 */
class ArchitectureTest {
    /** Bottom to top: a package may use its own layer and the layers before it, never one after it. */
    static final String[][] LAYERS = {
        {"base", "dev.onnxport.util..", "dev.onnxport.errors..", "dev.onnxport.kernels..", "dev.onnxport.onnx.proto.."},
        {"tensor", "dev.onnxport.tensor.."},
        {"ops", "dev.onnxport.ops..", "dev.onnxport.safetensors.."},
        {"ir", "dev.onnxport.ir.."},
        {"trace", "dev.onnxport.trace.."},
        {"nn", "dev.onnxport.nn.."},
        {"fixtures", "dev.onnxport.fixtures.."},
        {"onnx back end", "dev.onnxport.onnx.schema..", "dev.onnxport.onnx.checker..", "dev.onnxport.onnx.reader..",
            "dev.onnxport.onnx.writer..", "dev.onnxport.onnx.passes..", "dev.onnxport.onnx.shapes..",
            "dev.onnxport.onnx.localfunctions.."},
        {"spi", "dev.onnxport.spi.."},
        {"verification", "dev.onnxport.verify.."},
        {"facade", "dev.onnxport.export.."},
        {"providers", "dev.onnxport.onnx.lowering..", "dev.onnxport.onnx.symbolic..", "dev.onnxport.onnx.fallback..",
            "dev.onnxport.onnx.aten..", "dev.onnxport.aten.fallback..", "dev.onnxport.fallthrough..",
            "dev.onnxport.ort..", "dev.onnxport.zoo.."},
        {"command", "dev.onnxport.cli.."},
    };

    static final String[] MODULES = {"spi", "modules/zoo", "modules/onnx", "modules/onnx-aten", "modules/aten-fallback",
        "modules/fallthrough", "modules/ort", "modules/cli"};

    static JavaClasses mainClasses() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("spi/pom.xml"))) root = root.getParent();
        List<Path> dirs = new ArrayList<>();
        for (String m : MODULES) {
            Path d = root.resolve(m).resolve("target/classes");
            assertTrue(Files.isDirectory(d), "missing " + d + ": build the module first (mvn -B verify builds all)");
            dirs.add(d);
        }
        JavaClasses classes = new ClassFileImporter().importPaths(dirs);
        assertTrue(classes.size() > 500, "only " + classes.size() + " classes were read from " + dirs);
        return classes;
    }

    static ArchRule noPackageCycles() {
        return slices().matching("dev.onnxport.(**)").should().beFreeOfCycles();
    }

    /** Each layer of {@code layers} (name, then package patterns; bottom first) is used only by later ones. */
    static ArchRule layersPointDown(String[][] layers) {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] layer : layers) arch = arch.layer(layer[0]).definedBy(Arrays.copyOfRange(layer, 1, layer.length));
        for (int i = 0; i < layers.length - 1; i++) {
            String[] above = new String[layers.length - 1 - i];
            for (int j = i + 1; j < layers.length; j++) above[j - i - 1] = layers[j][0];
            arch = arch.whereLayer(layers[i][0]).mayOnlyBeAccessedByLayers(above);
        }
        return arch.whereLayer(layers[layers.length - 1][0]).mayNotBeAccessedByAnyLayer();
    }

    @Test
    void packagesFormNoCycle() {
        noPackageCycles().check(mainClasses());
    }

    @Test
    void layersUseOnlyTheLayersBelow() {
        layersPointDown(LAYERS).check(mainClasses());
    }

    /** Class names say what a class holds, so no two top-level main classes (in any module) share a simple name. */
    @Test
    void noTwoMainClassesShareASimpleName() {
        java.util.Map<String, List<String>> byName = new java.util.TreeMap<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : mainClasses()) {
            if (c.isNestedClass() || c.isAnonymousClass() || c.getSimpleName().endsWith("-info")) continue;
            if (c.getPackageName().startsWith("dev.onnxport.onnx.proto")) continue;  // generated from onnx.proto
            byName.computeIfAbsent(c.getSimpleName(), k -> new ArrayList<>()).add(c.getName());
        }
        List<String> clashes = byName.values().stream().filter(l -> l.size() > 1).map(Object::toString).toList();
        assertTrue(clashes.isEmpty(), "main classes sharing a simple name: " + clashes);
    }

    /** The rules can fail: on a package cycle planted in this test's own classes, and on a lower layer using a higher one. */
    @Test
    void theRulesCatchPlantedFaults() {
        JavaClasses planted = new ClassFileImporter().importPackages("dev.onnxport.cli.architecture.planted");
        assertFalse(planted.isEmpty());
        AssertionError cycle = assertThrows(AssertionError.class, () -> noPackageCycles().check(planted));
        assertTrue(cycle.getMessage().contains("Cycle detected"), cycle.getMessage());

        String[][] aBelowB = {{"low", "dev.onnxport.cli.architecture.planted.a.."}, {"high", "dev.onnxport.cli.architecture.planted.b.."}};
        AssertionError layer = assertThrows(AssertionError.class, () -> layersPointDown(aBelowB).check(planted));
        assertTrue(layer.getMessage().contains("PlantedA"), layer.getMessage());
    }
}
