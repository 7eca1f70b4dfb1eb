package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.onnx.writer.Producer;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {
    @TempDir Path dir;

    static Tensor[] args() { return new Tensor[] {Tensor.of(new float[] {1, -2, 3, -4, 5, -6}, 2, 3)}; }

    static List<String> dimParams(ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).toList();
    }

    private ModelProto export(TestOps.Net net, ExportOptions o) throws IOException {
        Path f = dir.resolve("net.onnx");
        OnnxExport.export(net, args(), f, o);
        return ModelProto.parseFrom(Files.readAllBytes(f));
    }

    @Test
    void exportsTracedModelAsOnnx() throws IOException {
        TestOps.Net net = new TestOps.Net(3);
        ModelProto m = export(net, ExportOptions.builder().inputNames("x").outputNames("y")
                .dynamicAxes("x", Map.of(0, "batch")).dynamicAxes("y", Map.of(0, "batch")).build());
        assertEquals(8, m.getIrVersion());
        assertEquals("onnxport", m.getProducerName());
        assertEquals(Producer.version(), m.getProducerVersion());
        assertEquals(List.of(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17).build()), m.getOpsetImportList());
        GraphProto g = m.getGraph();
        assertEquals(OnnxExport.GRAPH_NAME, g.getName());
        assertEquals(List.of("x"), g.getInputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(List.of("batch", "3"), dimParams(g.getInput(0)));
        assertEquals("y", g.getOutput(0).getName());
        assertEquals(List.of("batch", "3"), dimParams(g.getOutput(0)));
        assertEquals(List.of("fc.weight", "fc.bias"), g.getInitializerList().stream().map(TensorProto::getName).toList());
        assertEquals(List.of("Mul", "Add", "Relu"), g.getNodeList().stream().map(NodeProto::getOpType).toList());
        assertEquals(List.of("/fc/Mul", "/fc/Add", "/Relu"), g.getNodeList().stream().map(NodeProto::getName).toList());
        assertFalse(g.getNode(0).hasDocString(), "doc strings are stripped by default when not verbose");
        assertTrue(net.isTraining(), "a new module trains; export in EVAL must restore that");
        assertEquals(Boolean.TRUE, net.sawExportFlag);
        assertFalse(OnnxExport.isInOnnxExport());
        assertEquals(17, FakeExportModes.lastContext.opset());
        assertFalse(FakeExportModes.lastContext.training());
    }

    @Test
    void listFormDynamicAxesGetTorchNames() throws IOException {
        ExportOptions o = ExportOptions.builder().inputNames("x").outputNames("y")
                .dynamicAxes(Map.of("x", List.of(1, 0, 1), "y", Map.of(1, "feat"))).build();
        assertEquals(Map.of(0, "x_dynamic_axes_2", 1, "x_dynamic_axes_1"), o.dynamicAxes().get("x"));
        ModelProto m = export(new TestOps.Net(3), o);
        assertEquals(List.of("x_dynamic_axes_2", "x_dynamic_axes_1"), dimParams(m.getGraph().getInput(0)));
        // y's dim 0 is x's dynamic dim 0, so it carries x's symbol; dim 1 is named by the output's own axes
        assertEquals(List.of("x_dynamic_axes_2", "feat"), dimParams(m.getGraph().getOutput(0)));
    }

    @Test
    void keepInitializersAsInputsFollowsTorchNoneRule() throws IOException {
        ExportOptions onnx = ExportOptions.defaults();
        assertFalse(onnx.effectiveKeepInitializersAsInputs());
        assertEquals(1, export(new TestOps.Net(3), onnx).getGraph().getInputCount());

        ExportOptions fallback = ExportOptions.builder().operatorExportType(OperatorExportType.ONNX_ATEN_FALLBACK).build();
        assertTrue(fallback.effectiveKeepInitializersAsInputs());
        assertFalse(fallback.effectiveConstantFolding());
        assertEquals(List.of("input0", "fc.weight", "fc.bias"),
                export(new TestOps.Net(3), fallback).getGraph().getInputList().stream().map(ValueInfoProto::getName).toList());

        ExportOptions opset8 = ExportOptions.builder().opsetVersion(8).keepInitializersAsInputs(false).build();
        assertTrue(opset8.effectiveKeepInitializersAsInputs());
        ModelProto m8 = export(new TestOps.Net(3), opset8);
        assertEquals(3, m8.getIrVersion());
        assertEquals(3, m8.getGraph().getInputCount());

        assertTrue(ExportOptions.builder().keepInitializersAsInputs(true).build().effectiveKeepInitializersAsInputs());
        assertFalse(ExportOptions.builder().operatorExportType(OperatorExportType.ONNX_ATEN_FALLBACK)
                .keepInitializersAsInputs(false).build().effectiveKeepInitializersAsInputs());
    }

    @Test
    void exportParamsFalseMakesParametersInputs() throws IOException {
        GraphProto g = export(new TestOps.Net(3), ExportOptions.builder().exportParams(false).build()).getGraph();
        assertEquals(0, g.getInitializerCount());
        assertEquals(List.of("input0", "fc.weight", "fc.bias"), g.getInputList().stream().map(ValueInfoProto::getName).toList());
    }

    @Test
    void verboseKeepsDocStringsWithSourceLines() throws IOException {
        GraphProto g = export(new TestOps.Net(3), ExportOptions.builder().verbose(true).build()).getGraph();
        String doc = g.getNode(0).getDocString();
        assertTrue(doc.startsWith("fc (Affine)\n") && doc.contains("TestOps.java:"), doc);
        GraphProto stripped = export(new TestOps.Net(3), ExportOptions.builder().verbose(true).stripDocString(true).build()).getGraph();
        assertFalse(stripped.getNode(0).hasDocString());
    }

    @Test
    void passthroughOutputKeepsAnIdentity() throws IOException {
        TestOps.Net net = new TestOps.Net(3);
        net.returnInputToo = true;
        GraphProto g = export(net, ExportOptions.builder().inputNames("x").outputNames("y", "x_again").build()).getGraph();
        assertEquals(List.of("Mul", "Add", "Relu", "Identity"), g.getNodeList().stream().map(NodeProto::getOpType).toList());
        assertEquals(List.of("y", "x_again"), g.getOutputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(List.of("x"), g.getNode(3).getInputList());
    }

    @Test
    void trainingModeReachesLoweringAndIsRestored() throws IOException {
        TestOps.Net net = new TestOps.Net(3);
        net.eval();
        net.fc.train(true);
        export(net, ExportOptions.builder().training(TrainingMode.TRAINING).build());
        assertTrue(FakeExportModes.lastContext.training());
        assertFalse(net.isTraining());
        assertTrue(net.fc.isTraining());
        export(net, ExportOptions.builder().training(TrainingMode.PRESERVE).build());
        assertFalse(FakeExportModes.lastContext.training());
    }

    @Test
    void selectModelModeRestoresEachModule() {
        TestOps.Net net = new TestOps.Net(3);
        net.train(true);
        net.fc.train(false);
        try (TrainingModeScope s = OnnxExport.selectModelModeForExport(net, TrainingMode.EVAL)) {
            assertFalse(s.training());
            assertFalse(net.isTraining());
        }
        assertTrue(net.isTraining());
        assertFalse(net.fc.isTraining());
        try (TrainingModeScope s = OnnxExport.selectModelModeForExport(net, TrainingMode.TRAINING)) {
            assertTrue(net.fc.isTraining());
        }
        assertFalse(net.fc.isTraining());
        try (TrainingModeScope s = OnnxExport.selectModelModeForExport(net, TrainingMode.PRESERVE)) {
            assertTrue(s.training());
            assertFalse(net.fc.isTraining());
        }
    }

    @Test
    void streamExportEqualsFileExportAndRepeats() throws IOException {
        ExportOptions o = ExportOptions.builder().inputNames("x").dynamicAxes("x", List.of(0)).build();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        OnnxExport.export(new TestOps.Net(3), args(), a, o);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        OnnxExport.export(new TestOps.Net(3), args(), b, o);
        assertArrayEquals(a.toByteArray(), b.toByteArray());
        Path f = dir.resolve("m.onnx");
        OnnxExport.export(new TestOps.Net(3), args(), f, o);
        assertArrayEquals(a.toByteArray(), Files.readAllBytes(f));
    }

    @Test
    void reExportWithoutExternalDataRemovesTheStaleDataFile() throws IOException {
        Path f = dir.resolve("m.onnx");
        Path data = dir.resolve("m.onnx.data");
        // what an earlier export with external data left (this small net keeps its weights embedded)
        Files.write(f, new byte[] {1});
        Files.write(data, new byte[] {2, 3});
        OnnxExport.export(new TestOps.Net(3), args(), f, ExportOptions.builder().externalData(false).build());
        assertTrue(Files.isRegularFile(f));
        assertFalse(Files.exists(data), "a data file no model refers to stays behind");
    }

    @Test
    void replacingAModelKeepsItsPermissions() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        Path f = dir.resolve("private.onnx");
        TestOps.Net net = new TestOps.Net(3);
        OnnxExport.export(net, args(), f, ExportOptions.defaults());
        byte[] first = Files.readAllBytes(f);
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        OnnxExport.export(net, args(), f, ExportOptions.defaults());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertArrayEquals(first, Files.readAllBytes(f), "the same bytes as before");
    }

    @Test
    void zipAndDirectoryFormats() throws IOException {
        Path d = dir.resolve("folder");
        OnnxExport.export(new TestOps.Net(3), args(), d, ExportOptions.builder().format(ExportFormat.DIRECTORY).build());
        assertTrue(Files.isRegularFile(d.resolve("model.onnx")));
        Path z = dir.resolve("m.zip");
        OnnxExport.export(new TestOps.Net(3), args(), z, ExportOptions.builder().format(ExportFormat.COMPRESSED_ZIP_ARCHIVE).externalData(true).build());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(z.toFile())) {
            assertTrue(zip.getEntry("model.onnx") != null);
        }
    }

    @Test
    void prettyStringShowsOnnxGraph() {
        String s = OnnxExport.exportToPrettyString(new TestOps.Net(3), args(),
                ExportOptions.builder().inputNames("x").dynamicAxes("x", Map.of(0, "n")).opsetVersion(13).build());
        assertTrue(s.startsWith("ir_version 7, opset_import [\"\" 13]"), s);
        assertTrue(s.contains("%x : FLOAT[n, 3]"), s);
        assertTrue(s.contains("= Relu("), s);
        assertFalse(s.contains("Identity"), s);
    }

    @Test
    void isInOnnxExportIsOffOutsideExport() {
        TestOps.Net net = new TestOps.Net(3);
        net.invoke(args());
        assertEquals(Boolean.FALSE, net.sawExportFlag);
        assertNull(new TestOps.Net(3).sawExportFlag);
    }

    @Test
    void customOpsetsReachLowering() throws IOException {
        export(new TestOps.Net(3), ExportOptions.builder().customOpset("com.example", 2).build());
        assertEquals(Map.of("com.example", 2), FakeExportModes.lastContext.customOpsets());
    }
}
