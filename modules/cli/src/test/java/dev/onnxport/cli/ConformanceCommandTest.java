package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.fixtures;
import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.errors.UnsupportedOperatorError.Operator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConformanceCommandTest {
    @Test
    void smallSubsetPrintsTheMatrixAndTheCounts() {
        var r = run("conformance", "--ops", fixtures().resolve("ops"), "--models", fixtures().resolve("models"),
                "--cases", "abs,add,topk", "--only-models", "mlp", "--opsets", "7,9,17");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("op case +7  9 17"), lines[0]);
        assertTrue(r.out().contains("\nabs  ") && r.out().contains("\ntopk  "), r::toString);
        assertTrue(r.out().matches("(?s).*\nmlp +-  \\.  \\.\n.*"), r::toString);  // models start at opset 9
        assertEquals("11 passed, 0 failed, 0 skipped", r.lastLine(), r::toString);
    }

    @Test
    void severalSuitesNameTheSecondOnesCasesByFolder() {
        var r = run("conformance", "--ops", fixtures().resolve("ops"), "--ops", fixtures().resolve("ops-more"),
                "--cases", "abs,ops-more/acos,dropout_eval", "--opsets", "9");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\nabs  ") && r.out().contains("\nops-more/acos  "), r::toString);
        // an id both suites have selects the case of each
        assertTrue(r.out().contains("\ndropout_eval  ") && r.out().contains("\nops-more/dropout_eval  "), r::toString);
        assertEquals("4 passed, 0 failed, 0 skipped", r.lastLine(), r::toString);
    }

    @Test
    void withoutOpsOrModelsBothSuitesBesideTheCheckoutRun() {
        // the working folder of the test is modules/cli, which has no ../shared/fixtures: the error names the default
        var r = run("conformance", "--cases", "abs", "--opsets", "17");
        assertEquals(1, r.code(), r::toString);
        assertTrue(String.join("\n", r.errLines()).contains("shared/fixtures/ops"), r::toString);
    }

    @Test
    void modelsOnly() {
        var r = run("conformance", "--models", fixtures().resolve("models"), "--only-models", "mlp", "--opsets", "13");
        assertEquals(0, r.code(), r::toString);
        assertEquals("1 passed, 0 failed, 0 skipped", r.lastLine(), r::toString);
    }

    @Test
    void unknownCaseIsAOneLineError() {
        var r = run("conformance", "--ops", fixtures().resolve("ops"), "--cases", "no_such_case");
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("onnxport: --cases names unknown case(s) [no_such_case] of " + fixtures().resolve("ops")), r.errLines());
    }

    @Test
    void onlyLaterOpsetsMakeASkip() {
        Operator later = new Operator("aten::x", 1, "A.java:1", 13, null);
        assertTrue(ConformanceCommand.notExpressible(new UnsupportedOperatorError("at 9", 9, List.of(later))));
        assertFalse(ConformanceCommand.notExpressible(new UnsupportedOperatorError("at 13", 13, List.of(later))));
        Operator none = new Operator("aten::y", 1, "A.java:2", 0, "no symbolic function");
        assertFalse(ConformanceCommand.notExpressible(new UnsupportedOperatorError("at 9", 9, List.of(later, none))));
        assertFalse(ConformanceCommand.notExpressible(new UnsupportedOperatorError("no records")));
    }

    @Test
    void opsetRanges() {
        assertEquals(List.of(7, 8, 9, 13, 17), ConformanceCommand.parseOpsets("7-9,13,17"));
        assertEquals("7-9, 13, 17-22", ConformanceCommand.ranges(List.of(7, 8, 9, 13, 17, 18, 19, 20, 21, 22)));
        assertThrows(IllegalArgumentException.class, () -> ConformanceCommand.parseOpsets("6-22"));
        assertThrows(IllegalArgumentException.class, () -> ConformanceCommand.parseOpsets("17-9"));
    }
}
