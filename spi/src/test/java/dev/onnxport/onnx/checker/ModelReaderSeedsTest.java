package dev.onnxport.onnx.checker;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.reader.ModelFileError;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.testing.SeedOutcomes;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every seed of {@link ModelReaderFuzzTest}'s corpus has its recorded outcome ({@code ModelReaderFuzzTestInputs.tsv}):
 * {@code accepted} (read, and no problem found), {@code ModelFileError} (refused by the reader), or {@code rejected: }
 * the rules of the checker's problems. Each {@code broken-*} seed must also be rejected under the rule its
 * {@link BrokenModels} case plants.
 */
class ModelReaderSeedsTest {
    @Test
    void everySeedHasItsRecordedOutcome() {
        SeedOutcomes.check(ModelReaderFuzzTest.class, "readAndCheck", ModelReaderSeedsTest::outcome);
    }

    @Test
    void brokenSeedsAreRejectedUnderTheirCatalogueRule() {
        java.util.Map<String, byte[]> seeds = ModelReaderFuzzTest.seeds();
        for (BrokenModels.Case c : BrokenModels.all()) {
            byte[] seed = seeds.get("broken-" + c.name());
            if (seed == null) continue;   // cases that write their folder's path are not seeds
            org.junit.jupiter.api.Assertions.assertEquals("rejected: " + c.rule().id(), outcome(seed), c.name());
        }
    }

    static String outcome(byte[] data) {
        ModelProto m;
        try {
            m = OnnxModelReader.parse(data);
        } catch (ModelFileError e) {
            return e.getClass().getSimpleName();
        }
        List<Problem> problems = StructuralChecker.check(m, ModelReaderFuzzTest.modelDir());
        if (problems.isEmpty()) return SeedOutcomes.ACCEPTED;
        TreeSet<String> rules = new TreeSet<>();
        for (Problem p : problems) rules.add(p.rule().id());
        return "rejected: " + String.join(",", rules);
    }
}
