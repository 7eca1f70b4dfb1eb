package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad option fails with an OnnxExporterError naming it, before the model runs or a file appears. */
class ExportValidationTest {
    @TempDir Path dir;

    private void fails(UnaryOperator<ExportOptions.Builder> opts, String... mustContain) throws IOException {
        fails(OnnxExportTest.args(), opts, mustContain);
    }

    private void fails(Tensor[] args, UnaryOperator<ExportOptions.Builder> opts, String... mustContain) throws IOException {
        TestOps.Net net = new TestOps.Net(3);
        Path f = dir.resolve("model.onnx");
        OnnxExporterError e = assertThrows(OnnxExporterError.class,
                () -> OnnxExport.export(net, args, f, opts.apply(ExportOptions.builder()).build()));
        for (String s : mustContain) assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
        assertFalse(Files.exists(f), "nothing may be written");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary files");
        }
    }

    /** Faults found before tracing: the model never ran. */
    private void failsBeforeTrace(UnaryOperator<ExportOptions.Builder> opts, String... mustContain) throws IOException {
        TestOps.Net net = new TestOps.Net(3);
        assertThrows(OnnxExporterError.class,
                () -> OnnxExport.export(net, OnnxExportTest.args(), dir.resolve("m.onnx"), opts.apply(ExportOptions.builder()).build()));
        assertEquals(null, net.sawExportFlag, "the model must not have been traced");
        fails(opts, mustContain);
    }

    @Test void opsetTooLow() throws IOException { failsBeforeTrace(b -> b.opsetVersion(6), "opsetVersion 6", "from 7 to 26"); }

    @Test void opsetTooHigh() throws IOException { failsBeforeTrace(b -> b.opsetVersion(27), "opsetVersion 27"); }

    @Test void unknownDynamicAxesName() throws IOException {
        failsBeforeTrace(b -> b.inputNames("x").dynamicAxes("nope", Map.of(0, "n")), "dynamicAxes", "'nope'", "[x]");
    }

    @Test void duplicateInputNames() throws IOException {
        Tensor[] two = {Tensor.of(new float[] {1}), Tensor.of(new float[] {2})};
        fails(two, b -> b.inputNames("a", "a"), "inputNames", "'a' twice");
    }

    @Test void duplicateOutputNames() throws IOException { failsBeforeTrace(b -> b.outputNames("y", "y"), "outputNames", "'y' twice"); }

    @Test void inputAndOutputShareAName() throws IOException { failsBeforeTrace(b -> b.inputNames("x").outputNames("x"), "both an input name and an output name"); }

    @Test void tooManyInputNames() throws IOException { failsBeforeTrace(b -> b.inputNames("x", "z"), "inputNames has 2 names"); }

    @Test void tooManyOutputNames() throws IOException { fails(b -> b.outputNames("y", "z"), "outputNames has 2 names"); }

    @Test void inputAxisOutOfRange() throws IOException {
        failsBeforeTrace(b -> b.inputNames("x").dynamicAxes("x", Map.of(2, "n")), "dynamicAxes['x']", "axis 2", "0 to 1");
    }

    @Test void negativeAxis() throws IOException { failsBeforeTrace(b -> b.inputNames("x").dynamicAxes("x", List.of(-1)), "axis -1"); }

    @Test void outputAxisOutOfRange() throws IOException {
        fails(b -> b.outputNames("y").dynamicAxes("y", Map.of(5, "n")), "dynamicAxes['y']", "rank 2");
    }

    @Test void emptyAxisName() throws IOException { failsBeforeTrace(b -> b.inputNames("x").dynamicAxes("x", Map.of(0, "")), "empty name"); }

    @Test void badDynamicAxesValue() {
        OnnxExporterError e = assertThrows(OnnxExporterError.class, () -> ExportOptions.builder().dynamicAxes(Map.of("x", "batch")));
        assertTrue(e.getMessage().contains("Map<Integer, String>"), e.getMessage());
        assertThrows(OnnxExporterError.class, () -> ExportOptions.builder().dynamicAxes(Map.of("x", List.of("0"))));
    }

    @Test void customOpsetForDefaultDomain() throws IOException {
        failsBeforeTrace(b -> b.customOpset("", 17), "customOpsets", "opsetVersion");
        failsBeforeTrace(b -> b.customOpset("onnx", 17), "customOpsets", "'onnx'");
        failsBeforeTrace(b -> b.customOpset("my.domain", 0), "customOpsets['my.domain']");
    }

    @Test void functionsBelowOpset15() throws IOException {
        failsBeforeTrace(b -> b.opsetVersion(14).exportModulesAsFunctions(true), "exportModulesAsFunctions", "opset 15");
        failsBeforeTrace(b -> b.opsetVersion(13).exportModulesAsFunctions(Set.of(TestOps.Affine.class)), "opset 15");
    }

    /** The core names no provider: it says which type is missing and lists the types present (the fake modes here). */
    @Test void missingExportModeListsTheAvailableOnes() throws IOException {
        failsBeforeTrace(b -> b.operatorExportType(OperatorExportType.ONNX_ATEN), "operator export type ONNX_ATEN is not available",
                "(available: FAKE_NARROW_TEST, ONNX, ONNX_ATEN_FALLBACK)");
        failsBeforeTrace(b -> b.operatorExportType(OperatorExportType.of("NO_SUCH_MODE")), "NO_SUCH_MODE is not available");
    }

    @Test void aModeOutsideTorchsFourIsSelectedByItsName() throws IOException {
        Path f = dir.resolve("narrow.onnx");
        OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), f,
                ExportOptions.builder().operatorExportType(OperatorExportType.of("FAKE_NARROW_TEST")).opsetVersion(13).build());
        assertTrue(Files.size(f) > 0);
        assertEquals(13, FakeExportModes.lastContext.opset());
    }

    /** The opsets a mode announces bound the export: outside them it is refused before tracing, naming the range. */
    @Test void opsetOutsideTheModesRange() throws IOException {
        OperatorExportType narrow = OperatorExportType.of("FAKE_NARROW_TEST");
        failsBeforeTrace(b -> b.operatorExportType(narrow).opsetVersion(18),
                "opsetVersion 18 is not supported by operator export type FAKE_NARROW_TEST", "from 13 to 17");
        failsBeforeTrace(b -> b.operatorExportType(narrow).opsetVersion(12), "opsetVersion 12", "from 13 to 17");
    }

    @Test void verifyWithoutVerifier() throws IOException { failsBeforeTrace(b -> b.verify(true), "dev.onnxport.ort", "onnxport-ort"); }

    @Test void verifyOnZip() throws IOException { failsBeforeTrace(b -> b.verify(true).format(ExportFormat.ZIP_ARCHIVE), "verify", "ZIP_ARCHIVE"); }

    @Test void nullArgument() throws IOException { fails(new Tensor[] {null}, b -> b, "args[0]"); }

    @Test void directoryTargetIsAFile() throws IOException {
        Path f = dir.resolve("file");
        Files.write(f, new byte[] {1});
        OnnxExporterError e = assertThrows(OnnxExporterError.class, () -> OnnxExport.export(new TestOps.Net(3),
                OnnxExportTest.args(), f, ExportOptions.builder().format(ExportFormat.DIRECTORY).build()));
        assertTrue(e.getMessage().contains("DIRECTORY"), e.getMessage());
        assertEquals(1, Files.size(f));
    }

    @Test void externalDataToAStream() {
        TestOps.Net net = new TestOps.Net(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OnnxExporterError e = assertThrows(OnnxExporterError.class,
                () -> OnnxExport.export(net, OnnxExportTest.args(), out, ExportOptions.builder().externalData(true).build()));
        assertTrue(e.getMessage().contains("externalData") && e.getMessage().contains("OutputStream"), e.getMessage());
        assertEquals(0, out.size());
        assertEquals(null, net.sawExportFlag);
        e = assertThrows(OnnxExporterError.class, () -> OnnxExport.export(net, OnnxExportTest.args(), out,
                ExportOptions.builder().format(ExportFormat.DIRECTORY).build()));
        assertTrue(e.getMessage().contains("DIRECTORY"), e.getMessage());
        assertEquals(0, out.size());
    }

    @Test void existingFileSurvivesFailedExport() throws IOException {
        Path f = dir.resolve("model.onnx");
        Files.write(f, new byte[] {42});
        assertThrows(OnnxExporterError.class, () -> OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), f,
                ExportOptions.builder().outputNames("y").dynamicAxes("y", Map.of(9, "n")).build()));
        assertEquals(List.of((byte) 42), List.of(Files.readAllBytes(f)[0]));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
