package dev.onnxport.cli;

import dev.onnxport.testing.SeedOutcomes;
import org.junit.jupiter.api.Test;

/**
 * Every seed of {@link ExportOptionsFuzzTest}'s corpus has its recorded outcome ({@code ExportOptionsFuzzTestInputs.tsv}):
 * {@code accepted} (parsed and validated), {@code help}, {@code ParameterException} (a usage error) or
 * {@code OnnxExporterError} (an option refused by validation).
 */
class ExportOptionsSeedsTest {
    @Test
    void everySeedHasItsRecordedOutcome() {
        SeedOutcomes.check(ExportOptionsFuzzTest.class, "parseAndValidate", ExportOptionsSeedsTest::outcome);
    }

    static String outcome(byte[] data) {
        // a new parser per seed: the outcome must not depend on the seeds before it
        String o = ExportOptionsFuzzTest.outcome(Main.commandLine(new ExportCommand()), ExportOptionsFuzzTest.args(data));
        if (o.startsWith("valid: ")) return SeedOutcomes.ACCEPTED;
        if (o.startsWith("usage error: ")) return "ParameterException";
        if (o.startsWith("invalid: ")) return "OnnxExporterError";
        return o;   // "help"
    }
}
