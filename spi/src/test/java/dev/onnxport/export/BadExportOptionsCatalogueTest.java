package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.BadInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad export options: each fails with an {@link OnnxExporterError} naming the option and the fault, within
 * {@link BadInput#BOUND}, and leaves the folder as it was: a model already at the target keeps its bytes, and
 * no temporary or partial file appears. ExportValidationTest checks, besides, which faults are found before tracing.
 */
class BadExportOptionsCatalogueTest {
    @TempDir Path dir;

    /** Where the export goes: a file path (the existing model), a missing folder, a stream... */
    enum Target {
        EXISTING_FILE, MISSING_FOLDER, FOLDER, STREAM, EMPTY_PATH,
        /** a named pipe where the model would go */
        FIFO,
        /** a symbolic link to /dev/null where the model would go */
        LINK_TO_DEVICE,
        /** the existing model with a second hard link */
        HARD_LINKED,
        /** report(the model's own path) */
        REPORT_IS_OUTPUT,
        /** output r.json, report r (which writes r.json and r.md) */
        REPORT_JSON_IS_OUTPUT,
        /** a FIFO where the report's JSON would go */
        REPORT_FIFO,
        /** a file name of 256 bytes, past what file systems take */
        NAME_TOO_LONG
    }

    record Case(Tensor[] args, Target target, UnaryOperator<ExportOptions.Builder> options, String... fault) {
        Case(UnaryOperator<ExportOptions.Builder> options, String... fault) { this(OnnxExportTest.args(), Target.EXISTING_FILE, options, fault); }
    }

    private static final Tensor[] TWO_INPUTS = {Tensor.of(new float[] {1}), Tensor.of(new float[] {2})};

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(Case c) throws IOException {
        Path existing = Files.write(dir.resolve("model.onnx"), new byte[] {42, 7, 1});
        Files.createDirectories(dir.resolve("folder"));
        TestOps.Net net = new TestOps.Net(3);
        ExportOptions o = c.options().apply(ExportOptions.builder()).build();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        if (c.target() == Target.FIFO) BadInput.fifo(dir.resolve("pipe.onnx"));
        if (c.target() == Target.REPORT_FIFO) BadInput.fifo(dir.resolve("r.json"));
        if (c.target() == Target.LINK_TO_DEVICE) Files.createSymbolicLink(dir.resolve("null.onnx"), Path.of("/dev/null"));
        if (c.target() == Target.HARD_LINKED) Files.createLink(dir.resolve("other-name.onnx"), existing);
        BadInput.rejects(OnnxExporterError.class, dir, () -> {
            switch (c.target()) {
                case EXISTING_FILE, HARD_LINKED -> OnnxExport.export(net, c.args(), existing, o);
                case EMPTY_PATH -> OnnxExport.export(net, c.args(), Path.of(""), o);
                case FIFO -> OnnxExport.export(net, c.args(), dir.resolve("pipe.onnx"), o);
                case LINK_TO_DEVICE -> OnnxExport.export(net, c.args(), dir.resolve("null.onnx"), o);
                case REPORT_IS_OUTPUT -> OnnxExport.export(net, c.args(), existing, o.toBuilder().report(existing).build());
                case REPORT_JSON_IS_OUTPUT -> OnnxExport.export(net, c.args(), dir.resolve("r.json"),
                        o.toBuilder().report(dir.resolve("r")).build());
                case REPORT_FIFO -> OnnxExport.export(net, c.args(), existing, o.toBuilder().report(dir.resolve("r")).build());
                case MISSING_FOLDER -> OnnxExport.export(net, c.args(), dir.resolve("no/such/folder/m.onnx"), o);
                case FOLDER -> OnnxExport.export(net, c.args(), dir.resolve("folder"), o);
                case STREAM -> OnnxExport.export(net, c.args(), stream, o);
                case NAME_TOO_LONG -> OnnxExport.export(net, c.args(), dir.resolve("\u00e9".repeat(126) + ".onnx"), o);
            }
        }, c.fault());
        assertEquals(0, stream.size(), "nothing may be written to the stream");
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                named("opset 6, below the range", new Case(b -> b.opsetVersion(6), "opsetVersion 6", "from 7 to 26")),
                named("opset 27, above the range", new Case(b -> b.opsetVersion(27), "opsetVersion 27", "from 7 to 26")),
                named("opset negative", new Case(b -> b.opsetVersion(-1), "opsetVersion -1")),
                named("opset 15 local functions at opset 14", new Case(b -> b.opsetVersion(14).exportModulesAsFunctions(true),
                        "exportModulesAsFunctions", "opset 15")),
                named("functions of a class below opset 15", new Case(b -> b.opsetVersion(13)
                        .exportModulesAsFunctions(Set.of(TestOps.Affine.class)), "exportModulesAsFunctions", "opsetVersion is 13")),
                named("dynamic_axes names an unknown value", new Case(b -> b.inputNames("x").dynamicAxes("nope", Map.of(0, "n")),
                        "dynamicAxes names 'nope'", "neither an input nor an output")),
                named("dynamic_axes on an unnamed output", new Case(b -> b.dynamicAxes("y", Map.of(0, "n")),
                        "dynamicAxes names 'y'")),
                named("dynamic_axes axis past the rank", new Case(b -> b.inputNames("x").dynamicAxes("x", Map.of(2, "n")),
                        "dynamicAxes['x'] has axis 2", "0 to 1")),
                named("dynamic_axes negative axis", new Case(b -> b.inputNames("x").dynamicAxes("x", List.of(-1)),
                        "dynamicAxes['x'] has axis -1")),
                named("dynamic_axes empty axis name", new Case(b -> b.inputNames("x").dynamicAxes("x", Map.of(0, "")),
                        "dynamicAxes['x']", "empty name")),
                named("dynamic_axes output axis past the rank", new Case(b -> b.outputNames("y").dynamicAxes("y", Map.of(5, "n")),
                        "dynamicAxes['y']", "rank 2")),
                named("input_names with more names than inputs", new Case(b -> b.inputNames("x", "z"), "inputNames has 2 names")),
                named("input_names duplicated", new Case(TWO_INPUTS, Target.EXISTING_FILE, b -> b.inputNames("a", "a"),
                        "inputNames contains 'a' twice")),
                named("input_names empty name", new Case(b -> b.inputNames(""), "inputNames contains an empty name")),
                named("output_names duplicated", new Case(b -> b.outputNames("y", "y"), "outputNames contains 'y' twice")),
                named("output_names empty name", new Case(b -> b.outputNames(""), "outputNames contains an empty name")),
                named("output_names more than outputs", new Case(b -> b.outputNames("y", "z"), "outputNames has 2 names")),
                named("an input and an output share a name", new Case(b -> b.inputNames("x").outputNames("x"),
                        "'x' is both an input name and an output name")),
                named("custom_opsets for the default domain ''", new Case(b -> b.customOpset("", 17),
                        "customOpsets sets the default domain ''")),
                named("custom_opsets for ai.onnx", new Case(b -> b.customOpset("ai.onnx", 17), "customOpsets", "'ai.onnx'")),
                named("custom_opsets version 0", new Case(b -> b.customOpset("my.domain", 0), "customOpsets['my.domain'] is 0")),
                named("external data to a stream", new Case(OnnxExportTest.args(), Target.STREAM, b -> b.externalData(true),
                        "externalData cannot be written to an OutputStream")),
                named("DIRECTORY format to a stream", new Case(OnnxExportTest.args(), Target.STREAM,
                        b -> b.format(ExportFormat.DIRECTORY), "DIRECTORY cannot be written to an OutputStream")),
                named("verify with a stream", new Case(OnnxExportTest.args(), Target.STREAM, b -> b.verify(true),
                        "verify needs the model on disk")),
                named("verify on a zip archive", new Case(b -> b.verify(true).format(ExportFormat.ZIP_ARCHIVE),
                        "verify works on PROTOBUF_FILE and DIRECTORY", "ZIP_ARCHIVE")),
                named("verify without a runtime module", new Case(b -> b.verify(true), "verify needs a runtime verifier",
                        "dev.onnxport.ort")),
                named("export type without its module", new Case(b -> b.operatorExportType(OperatorExportType.ONNX_ATEN),
                        "operator export type ONNX_ATEN is not available", "(available: FAKE_NARROW_TEST, ONNX, ONNX_ATEN_FALLBACK)")),
                named("target folder missing", new Case(OnnxExportTest.args(), Target.MISSING_FOLDER, b -> b,
                        "the folder", "does not exist")),
                named("DIRECTORY format onto an existing file", new Case(b -> b.format(ExportFormat.DIRECTORY),
                        "format DIRECTORY needs a folder", "model.onnx is a file")),
                named("file format onto a folder", new Case(OnnxExportTest.args(), Target.FOLDER, b -> b,
                        "folder is a folder", "use format DIRECTORY")),
                named("output path empty", new Case(OnnxExportTest.args(), Target.EMPTY_PATH, b -> b,
                        "the output path is empty")),
                named("output name of 257 bytes", new Case(OnnxExportTest.args(), Target.NAME_TOO_LONG, b -> b,
                        "has a name of 257 bytes", "file systems take at most 255")),
                named("output is a named pipe", new Case(OnnxExportTest.args(), Target.FIFO, b -> b,
                        "pipe.onnx is a FIFO, device or socket", "regular files only")),
                named("output is a link to a device", new Case(OnnxExportTest.args(), Target.LINK_TO_DEVICE, b -> b,
                        "null.onnx is a FIFO, device or socket")),
                named("output has two hard links", new Case(OnnxExportTest.args(), Target.HARD_LINKED, b -> b,
                        "model.onnx has 2 hard links", "remove it first")),
                named("report is the output", new Case(OnnxExportTest.args(), Target.REPORT_IS_OUTPUT, b -> b,
                        "the report path", "model.onnx is the output path")),
                named("report's JSON is the output", new Case(OnnxExportTest.args(), Target.REPORT_JSON_IS_OUTPUT, b -> b,
                        "the report", "r.json is the output", "give them different paths")),
                named("report's JSON is a named pipe", new Case(OnnxExportTest.args(), Target.REPORT_FIFO, b -> b,
                        "the report", "r.json is a FIFO")),
                named("a null example input", new Case(new Tensor[] {null}, Target.EXISTING_FILE, b -> b, "args[0] is null")));
    }

    /** Outputs that are the caller's inputs, found through symbolic and hard links: refused, nothing written. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlaps")
    void outputOverlappingAnInputIsRefused(String name, String output, ExportFormat format, String input, String fault)
            throws IOException {
        Path weights = Files.write(dir.resolve("w.safetensors"), new byte[] {1, 2, 3});
        Path data = Files.write(dir.resolve("m.onnx.data"), new byte[] {4, 5});
        Files.createSymbolicLink(dir.resolve("link.onnx"), weights);
        Files.createLink(dir.resolve("hard.onnx"), weights);
        ExportOptions o = ExportOptions.builder().format(format).report(dir.resolve("report")).build();
        BadInput.rejects(OnnxExporterError.class, dir, () -> OnnxExport.checkOutputs(dir.resolve(output), o,
                Map.of(weights, "weights", data, "other input")), fault, input);
    }

    static Stream<Arguments> overlaps() {
        return Stream.of(
                Arguments.of("the same path", "w.safetensors", ExportFormat.PROTOBUF_FILE, "weights", "the output"),
                Arguments.of("a symbolic link to it", "link.onnx", ExportFormat.PROTOBUF_FILE, "weights", "the output"),
                Arguments.of("a hard link to it", "hard.onnx", ExportFormat.ZIP_ARCHIVE, "weights", "the output"),
                Arguments.of("the same path, with dots", "./sub/../w.safetensors", ExportFormat.ZIP_ARCHIVE, "weights",
                        "the output"),
                Arguments.of("its NAME.data", "m.onnx", ExportFormat.PROTOBUF_FILE, "other input",
                        "external data file"));
    }

    /**
     * An input named like a data file of the output ({@code NAME.ID.data}), which an export removes once no model
     * uses it: refused, nothing written.
     */
    @org.junit.jupiter.api.Test
    void anInputNamedLikeADataFileOfTheOutputIsRefused() throws IOException {
        Path input = Files.write(dir.resolve("m.onnx.0123456789abcdef.data"), new byte[] {1});
        BadInput.rejects(OnnxExporterError.class, dir, () -> OnnxExport.checkOutputs(dir.resolve("m.onnx"),
                ExportOptions.builder().build(), Map.of(input, "weights")), "the weights", "named like a data file of the output");
    }

    private static Named<Case> named(String name, Case c) { return Named.of(name, c); }
}
