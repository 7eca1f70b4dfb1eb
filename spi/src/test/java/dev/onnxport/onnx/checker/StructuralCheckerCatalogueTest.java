package dev.onnxport.onnx.checker;

import dev.onnxport.testing.OfficialChecker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every broken model of the catalogue is rejected by our checker (with a problem naming the node or
 * value and the rule) and by the official ONNX checker; every valid model is accepted by both.
 */
class StructuralCheckerCatalogueTest {
    @TempDir
    Path tmp;

    @Test
    void catalogueIsLargeEnough() {
        assertTrue(BrokenModels.all().size() >= 40, "catalogue has " + BrokenModels.all().size() + " cases");
        assertTrue(ValidModels.all().size() + 1 >= 10);
    }

    @TestFactory
    Stream<DynamicTest> brokenModelsAreRejectedByBoth() {
        return BrokenModels.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path dir = Files.createDirectories(tmp.resolve(c.name()).resolve("model"));
            ModelProto m = c.build().apply(dir);
            List<Problem> ours = StructuralChecker.check(m, c.onDisk() ? dir : null);
            String listing = ours.stream().map(Problem::toString).collect(Collectors.joining("\n  "));
            assertTrue(ours.stream().anyMatch(p -> p.rule() == c.rule() && p.toString().contains(c.subject())),
                    c.name() + ": expected a " + c.rule().id() + " problem containing \"" + c.subject()
                            + "\", got:\n  " + listing);
            // one planted defect: whatever else it causes is reported under the same rule
            assertTrue(ours.stream().allMatch(p -> p.rule() == c.rule()), c.name() + ": other rules too:\n  " + listing);
            assertTrue(ours.stream().allMatch(p -> p.toString().endsWith("[" + p.rule().id() + "]")));
            String official = c.onDisk() ? OfficialChecker.checkFile(write(m, dir)) : OfficialChecker.check(m);
            assertNotNull(official, c.name() + ": the official ONNX checker accepts this model; ours says:\n  " + listing);
            System.out.println(c.name() + "\n  ours:     " + listing + "\n  official: " + official.lines().findFirst().orElse(""));
        }));
    }

    @TestFactory
    Stream<DynamicTest> validModelsAreAcceptedByBoth() {
        Map<String, Supplier<ModelProto>> valid = ValidModels.all();
        return valid.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            ModelProto m = e.getValue().get();
            assertEquals(List.of(), StructuralChecker.check(m, null), e.getKey());
            assertNull(OfficialChecker.check(m), e.getKey());
        }));
    }

    @Test
    void validExternalDataIsAcceptedByBoth() throws IOException {
        ModelProto m = ValidModels.externalData(tmp);
        assertEquals(List.of(), StructuralChecker.check(m, tmp));
        assertEquals(List.of(), StructuralChecker.check(m, null));
        assertNull(OfficialChecker.checkFile(write(m, tmp)));
    }

    private static Path write(ModelProto m, Path dir) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, m.toByteArray());
        return file;
    }
}
