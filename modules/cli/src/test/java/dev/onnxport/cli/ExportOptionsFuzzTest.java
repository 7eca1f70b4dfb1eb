package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Fuzzes the options of {@code onnxport export}: parsing by picocli, then building and validating the export
 * options for the bundled {@code mlp} (input x [2, 784], output output0) as an export would before tracing;
 * no model is built or exported. The input is the argument list, arguments separated by NUL bytes. The
 * contract: any argument list gives options that pass validation, or a {@link ParameterException} (a usage
 * error: exit code 2, one line), or an {@link OnnxExporterError} naming the option (exit code 1); never
 * another exception, a stack overflow or an OutOfMemoryError. A plain test run replays the corpus in
 * {@code ExportOptionsFuzzTestInputs/parseAndValidate/}; see CONTRIBUTING.md ("Fuzzing").
 */
class ExportOptionsFuzzTest {
    private static final AtomicLong RUNS = new AtomicLong();
    private static final ModelFactory MLP = Models.get("mlp");
    /** The example input as a meta tensor: validation reads shapes only. */
    private static final Tensor[] ARGS = {Tensor.meta(MLP.exampleInputs()[0].dtype(), MLP.exampleInputs()[0].shape())};

    // 100 minutes: with picocli instrumented this target runs at about 300 executions/s, so 1,000,000 take ~60
    @FuzzTest(maxDuration = "100m", maxExecutions = 1_000_000)
    @DictionaryEntries({"--model", "--fixture", "--weights", "--opset", "--type", "--dynamic", "--external-data",
            "--format", "--verify", "--report", "-o", "--output", "--help", "--version", "ONNX", "ONNX_ATEN",
            "ONNX_ATEN_FALLBACK", "ONNX_FALLTHROUGH", "protobuf", "zip", "compressed-zip", "directory", "x:0=batch",
            "output0:1=n", "=", ":", "mlp", "17", "7", "22", "target/", "/dev/null", ".onnx", ".data", "\uD83D\uDE80",
            "--allow-nonfinite"})
    void parseAndValidate(byte[] data) {
        RUNS.incrementAndGet();
        outcome(PARSER, args(data));
    }

    /**
     * One parser for every run: building picocli's model of the command would otherwise take most of a run.
     * picocli resets every option before it parses again; {@link #reusedParserAgreesWithFreshOnes} checks that.
     */
    private static final CommandLine PARSER = Main.commandLine(new ExportCommand());

    /** Parses and validates {@code argv}, asserting the contract; says what came out, for comparisons. */
    static String outcome(CommandLine cl, String[] argv) {
        try {
            cl.parseArgs(argv);
        } catch (ParameterException e) {
            assertNotNull(e.getMessage());
            return "usage error: " + e.getMessage();
        }
        if (cl.isUsageHelpRequested() || cl.isVersionHelpRequested()) return "help";
        ExportCommand cmd = cl.getCommand();
        try {
            ExportOptions o = cmd.options(MLP.inputNames(), MLP.outputNames(), MLP.dynamicAxes());
            OnnxExport.validateOptions(o, ARGS, cmd.out);
            assertEquals(cmd.opset, o.opsetVersion());
            return "valid: opset " + o.opsetVersion() + ", " + o.operatorExportType() + ", " + o.format() + ", axes "
                    + o.dynamicAxes() + ", external " + o.externalData() + ", report " + o.report() + ", to " + cmd.out
                    + ", model " + cmd.source.model + ", fixture " + cmd.source.fixture + ", weights " + cmd.weights
                    + ", verify " + cmd.verify;
        } catch (OnnxExporterError e) {
            assertNotNull(e.getMessage());
            return "invalid: " + e.getMessage();
        }
    }

    /** The arguments: the bytes as UTF-8, split at NUL (a trailing NUL ends the last argument). */
    static String[] args(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        return s.isEmpty() ? new String[0] : s.split("\0", -1);
    }

    @AfterAll
    static void replayedTheWholeCorpus() {
        if (RUNS.get() > 0) {
            assertTrue(RUNS.get() >= FuzzCorpus.size(ExportOptionsFuzzTest.class, "parseAndValidate", seeds().size()), RUNS + " runs");
        }
    }

    /** Parsing each seed after all the others, forwards and backwards, gives what a new parser gives. */
    @Test
    void reusedParserAgreesWithFreshOnes() {
        List<byte[]> seeds = new ArrayList<>(seeds().values());
        for (int pass = 0; pass < 2; pass++) {
            for (byte[] s : seeds) {
                String[] argv = args(s);
                assertEquals(outcome(Main.commandLine(new ExportCommand()), argv), outcome(PARSER, argv), String.join(" ", argv));
            }
            Collections.reverse(seeds);
        }
    }

    @Test
    void corpusHoldsTheArgumentLists() {
        FuzzCorpus.check(ExportOptionsFuzzTest.class, "parseAndValidate", seeds());
    }

    /** Argument lists that work and ones that must be refused, one fault each. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("valid-minimal", argv("--model", "mlp", "-o", "target/out.onnx"));
        s.put("valid-all", argv("--model", "mlp", "--opset", "13", "--type", "ONNX_ATEN_FALLBACK", "--dynamic", "x:0=batch",
                "--dynamic", "output0:0=batch", "--external-data", "--format", "zip", "--report", "target/r", "-o", "target/m.zip"));
        // control characters are legal in a Linux file name: accepted (this seed was named bad-path-nul-like, yet
        // validation never refused it; SeedOutcomes now checks what seed names promise)
        s.put("ok-path-control-chars", argv("--model", "mlp", "-o", "\u0001\uFFFF"));
        s.put("valid-directory", argv("--fixture", "f", "--format", "directory", "--output", "target/dir-out"));
        s.put("bad-opset", argv("--model", "mlp", "--opset", "27", "-o", "target/x.onnx"));
        s.put("bad-opset-text", argv("--model", "mlp", "--opset", "seventeen", "-o", "target/x.onnx"));
        s.put("bad-type", argv("--model", "mlp", "--type", "TORCH", "-o", "target/x.onnx"));
        s.put("bad-format", argv("--model", "mlp", "--format", "tar", "-o", "target/x"));
        s.put("bad-dynamic-form", argv("--model", "mlp", "--dynamic", "x0", "-o", "target/x.onnx"));
        s.put("bad-dynamic-axis-huge", argv("--model", "mlp", "--dynamic", "x:99999999999999999999=n", "-o", "target/x.onnx"));
        s.put("bad-dynamic-axis-rank", argv("--model", "mlp", "--dynamic", "x:5=n", "-o", "target/x.onnx"));
        s.put("bad-dynamic-unknown-input", argv("--model", "mlp", "--dynamic", "nope:0=n", "-o", "target/x.onnx"));
        s.put("bad-both-sources", argv("--model", "mlp", "--fixture", "f", "-o", "target/x.onnx"));
        s.put("bad-no-output", argv("--model", "mlp"));
        s.put("bad-output-folder", argv("--model", "mlp", "-o", "src"));
        s.put("bad-output-parent", argv("--model", "mlp", "-o", "no/such/folder/x.onnx"));
        s.put("bad-unknown-option", argv("--model", "mlp", "--frobnicate", "-o", "target/x.onnx"));
        s.put("help", argv("--help"));
        // output paths (issue 17): Unicode, names up to the file system's 255 bytes, and what must be refused
        s.put("ok-output-emoji", argv("--model", "mlp", "-o", "target/\uD83D\uDE80 model.onnx"));
        s.put("ok-output-255-bytes", argv("--model", "mlp", "--external-data", "--verify", "-o", "target/" + "\u00e9".repeat(125) + ".onnx"));
        s.put("ok-output-report-beside", argv("--model", "mlp", "--report", "target/" + "r".repeat(250), "-o", "target/m.onnx"));
        s.put("bad-output-name-256-bytes", argv("--model", "mlp", "-o", "target/" + "a".repeat(251) + ".onnx"));
        s.put("bad-output-report-name-too-long", argv("--model", "mlp", "--report", "target/" + "r".repeat(252), "-o", "target/m.onnx"));
        s.put("bad-output-empty", argv("--model", "mlp", "-o", ""));
        s.put("bad-output-dot", argv("--model", "mlp", "-o", "."));
        s.put("bad-output-device", argv("--model", "mlp", "-o", "/dev/null"));
        s.put("bad-output-is-report", argv("--model", "mlp", "--report", "target/x.onnx", "-o", "target/x.onnx"));
        s.put("bad-output-zip-is-folder", argv("--model", "mlp", "--format", "zip", "-o", "target"));
        s.put("bad-output-directory-is-file", argv("--model", "mlp", "--format", "directory", "-o", "pom.xml"));
        return s;
    }

    private static byte[] argv(String... a) {
        return String.join("\0", List.of(a)).getBytes(StandardCharsets.UTF_8);
    }
}
