package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxWriterTest {
    @TempDir Path dir;

    private static ModelProto parse(Path p) throws IOException { return ModelProto.parseFrom(Files.readAllBytes(p)); }

    private static float[] rawFloats(TensorProto t) {
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void writesTypedGraphWithInitializersAndDimParams() throws IOException {
        Path f = dir.resolve("model.onnx");
        OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(4), WriterOptions.of(17)), WriterOptions.of(17), f);
        ModelProto m = parse(f);
        assertEquals(8, m.getIrVersion());
        assertEquals("onnxport", m.getProducerName());
        assertEquals(Producer.version(), m.getProducerVersion());
        assertFalse(m.getProducerVersion().contains("${"), "version resource must be filtered");
        assertEquals(List.of(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17).build()), m.getOpsetImportList());
        GraphProto g = m.getGraph();
        assertEquals("main_graph", g.getName());
        assertEquals(1, g.getInputCount());
        ValueInfoProto x = g.getInput(0);
        assertEquals("x", x.getName());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, x.getType().getTensorType().getElemType());
        TensorShapeProto s = x.getType().getTensorType().getShape();
        assertEquals("batch", s.getDim(0).getDimParam());
        assertEquals(3, s.getDim(1).getDimValue());
        assertEquals("y", g.getOutput(0).getName());
        assertEquals("batch", g.getOutput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(List.of("fc.weight", "fc.bias"), g.getInitializerList().stream().map(TensorProto::getName).toList());
        TensorProto w = g.getInitializer(0);
        assertEquals(List.of(3L, 4L), w.getDimsList());
        assertArrayEquals(WriterFixtures.floats(12, 0f).floats(), rawFloats(w));
        assertEquals(List.of("/fc/MatMul", "/fc/Add"), g.getNodeList().stream().map(NodeProto::getName).toList());
        assertEquals(List.of("x", "fc.weight"), g.getNode(0).getInputList());
        assertEquals("/fc/MatMul_output_0", g.getNode(0).getOutput(0));
        assertEquals("fc (Linear)\nNet.java:12", g.getNode(0).getDocString());
        assertEquals(1, g.getValueInfoCount());
        assertEquals("/fc/MatMul_output_0", g.getValueInfo(0).getName());
    }

    @Test
    void irVersionFollowsOpset() {
        long[] expected = {3, 3, 4, 5, 6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 10, 10, 11, 12, 13, 13};
        for (int opset = 7; opset <= 26; opset++) {
            ModelProto m = ModelAssembler.assemble(WriterFixtures.matMulAdd(2), WriterOptions.of(opset)).skeleton();
            assertEquals(expected[opset - 7], m.getIrVersion(), "opset " + opset);
            assertEquals(opset, m.getOpsetImport(0).getVersion());
        }
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.of(6));
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.of(27));
    }

    /** The streamed bytes equal toByteArray() of the same model built the ordinary way, for every kind of storage. */
    @Test
    void streamedBytesEqualToByteArray() throws IOException {
        Graph g = WriterFixtures.matMulAdd(3);
        ByteBuffer direct = ByteBuffer.allocateDirect(40).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 10; i++) direct.putFloat(i * 1.25f);
        g.addInitializer("mapped", Tensor.wrap(new dev.onnxport.tensor.BufferStorage(DType.FLOAT32, direct.flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN)), 2, 5));
        Tensor base = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        g.addInitializer("transposed", base.asStrided(new long[] {3, 2}, new long[] {1, 3}, 0));
        g.addInitializer("flags", Tensor.of(new boolean[] {true, false, true}));
        g.addInitializer("scalar", Tensor.scalar(2.5, DType.FLOAT64));
        g.addInitializer("empty", Tensor.zeros(DType.INT32, 0));
        for (String n : List.of("mapped", "transposed", "flags", "scalar", "empty")) {
            Node id = g.body().append("onnx::Identity", null);
            id.addInput(g.initializers().get(n));
            g.addOutput(id.addOutput(g.initializers().get(n).type()).setName("out_" + n));
        }
        WriterOptions o = WriterOptions.of(17);
        AssembledModel m = ModelAssembler.assemble(g, o);

        GraphProto.Builder gb = m.skeleton().getGraph().toBuilder();
        for (AssembledModel.Initializer i : m.initializers()) gb.addInitializer(TensorBytes.embedded(i.name(), i.data()));
        byte[] expected = m.skeleton().toBuilder().setGraph(gb).build().toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OnnxWriter.write(m, o, out);
        assertArrayEquals(expected, out.toByteArray());
        TensorProto transposed = ModelProto.parseFrom(out.toByteArray()).getGraph().getInitializer(3);
        ByteBuffer tb = transposed.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] vals = new long[6];
        tb.asLongBuffer().get(vals);
        assertArrayEquals(new long[] {1, 4, 2, 5, 3, 6}, vals);
    }

    @Test
    void customDomainGetsOpsetImportAndAttributesAreTyped() throws IOException {
        Graph g = WriterFixtures.matMulAdd(2);
        Value y = g.outputs().get(0);
        Node custom = g.body().append("com.example::Fancy", null);
        custom.addInput(y).addInput(null).addInput(y).addInput(null);
        custom.setAttr("i", 3L).setAttr("f", 0.5).setAttr("s", "hi").setAttr("ints", new long[] {1, 2})
                .setAttr("floats", new double[] {1.5}).setAttr("strs", new String[] {"a", "b"})
                .setAttr("t", Tensor.of(new long[] {7, 8}));
        g.addOutput(custom.addOutput(y.type()).setName("z"));
        Node other = g.body().append("org.other::Thing", null);
        other.addInput(y);
        g.addOutput(other.addOutput(y.type()).setName("w"));
        WriterOptions o = WriterOptions.of(13).withCustomOpsets(Map.of("com.example", 3));
        ModelProto m = ModelAssembler.assemble(g, o).skeleton();
        assertEquals(List.of("", "com.example", "org.other"), m.getOpsetImportList().stream().map(OperatorSetIdProto::getDomain).toList());
        assertEquals(List.of(13L, 3L, 1L), m.getOpsetImportList().stream().map(OperatorSetIdProto::getVersion).toList());
        NodeProto n = m.getGraph().getNode(2);
        assertEquals("com.example", n.getDomain());
        assertEquals("Fancy", n.getOpType());
        assertEquals("/Fancy", n.getName());
        // an omitted input in the middle is written as "", a trailing one is left out
        assertEquals(List.of("y", "", "y"), n.getInputList());
        Map<String, AttributeProto> attrs = new HashMap<>();
        for (AttributeProto a : n.getAttributeList()) attrs.put(a.getName(), a);
        assertEquals(AttributeProto.AttributeType.INT, attrs.get("i").getType());
        assertEquals(0.5f, attrs.get("f").getF());
        assertEquals("hi", attrs.get("s").getS().toStringUtf8());
        assertEquals(List.of(1L, 2L), attrs.get("ints").getIntsList());
        assertEquals(List.of(1.5f), attrs.get("floats").getFloatsList());
        assertEquals(2, attrs.get("strs").getStringsCount());
        assertEquals(TensorProto.DataType.INT64_VALUE, attrs.get("t").getT().getDataType());
        assertEquals(List.of("i", "f", "floats", "ints", "s", "strs", "t").stream().sorted().toList(),
                n.getAttributeList().stream().map(AttributeProto::getName).toList());
    }

    @Test
    void nodeNamesAreUniqueAndDeterministic() {
        Graph g = new Graph("g");
        Value v = g.addInput("x", Type.tensor(DType.FLOAT32, new long[] {2}));
        for (int i = 0; i < 3; i++) {
            Node r = g.body().append("onnx::Relu", null).setScope(WriterFixtures.FC);
            r.addInput(v);
            v = r.addOutput(v.type());
        }
        g.addOutput(v);
        GraphProto gp = ModelAssembler.assemble(g, WriterOptions.of(17)).skeleton().getGraph();
        assertEquals(List.of("/fc/Relu", "/fc/Relu_1", "/fc/Relu_2"), gp.getNodeList().stream().map(NodeProto::getName).toList());
        assertEquals("output0", gp.getOutput(0).getName());
    }

    @Test
    void stripDocStringAndInitializersAsInputs() {
        WriterOptions o = WriterOptions.of(17).withStripDocString(true).withKeepInitializersAsInputs(true);
        ModelProto m = ModelAssembler.assemble(WriterFixtures.matMulAdd(2), o).skeleton();
        assertFalse(m.getGraph().getNode(0).hasDocString());
        assertEquals(List.of("x", "fc.weight", "fc.bias"), m.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList());

        AssembledModel noParams = ModelAssembler.assemble(WriterFixtures.matMulAdd(2), WriterOptions.of(17).withExportParams(false));
        assertTrue(noParams.initializers().isEmpty());
        assertEquals(3, noParams.skeleton().getGraph().getInputCount());
    }

    @Test
    void unloweredNodesAndUnknownAttributesFail() {
        Graph g = WriterFixtures.matMulAdd(2);
        g.body().append("prim::Constant", null).addOutput(Type.INT);
        OnnxExporterError e = assertThrows(OnnxExporterError.class, () -> ModelAssembler.assemble(g, WriterOptions.of(17)));
        assertTrue(e.getMessage().contains("prim::Constant"), e.getMessage());

        Graph g2 = WriterFixtures.matMulAdd(2);
        g2.nodes().get(0).setAttr("bad", new Object());
        e = assertThrows(OnnxExporterError.class, () -> ModelAssembler.assemble(g2, WriterOptions.of(17)));
        assertTrue(e.getMessage().contains("attribute 'bad'") && e.getMessage().contains("Net.java:12"), e.getMessage());
    }

    @Test
    void subgraphAttributesAreWritten() {
        Graph g = WriterFixtures.matMulAdd(2);
        Value y = g.outputs().get(0);
        Graph then = new Graph("then");
        Node neg = then.body().append("onnx::Neg", null);
        neg.addInput(y);
        then.addOutput(neg.addOutput(y.type()));
        Graph other = new Graph("else");
        other.addOutput(y);
        Value cond = g.addInput("cond", Type.tensor(DType.BOOL, new long[0]));
        Node ifNode = g.body().append("onnx::If", null).setAttr("then_branch", then).setAttr("else_branch", other);
        ifNode.addInput(cond);
        g.addOutput(ifNode.addOutput(y.type()).setName("r"));
        GraphProto gp = ModelAssembler.assemble(g, WriterOptions.of(17)).skeleton().getGraph();
        NodeProto n = gp.getNode(2);
        assertEquals("If", n.getOpType());
        GraphProto t = n.getAttributeList().stream().filter(a -> a.getName().equals("then_branch")).findFirst().orElseThrow().getG();
        assertEquals(List.of("y"), t.getNode(0).getInputList());
        assertEquals("y", n.getAttributeList().stream().filter(a -> a.getName().equals("else_branch")).findFirst().orElseThrow().getG().getOutput(0).getName());
    }

    @Test
    void externalDataIsAlignedAndRelative() throws IOException {
        Path f = dir.resolve("net.onnx");
        WriterOptions o = WriterOptions.of(17).withExternalData(true);
        Graph g = WriterFixtures.matMulAdd(300);   // weight 3600 bytes, bias 1200 bytes
        g.addInitializer("tiny", Tensor.of(new float[] {1, 2}));
        Node add = g.body().append("onnx::Add", null);
        add.addInput(g.outputs().get(0)).addInput(g.initializers().get("tiny"));
        g.addOutput(add.addOutput(g.outputs().get(0).type()).setName("z"));
        OnnxWriter.write(ModelAssembler.assemble(g, o), o, f);
        Path data = onlyDataFile(dir, "net.onnx");
        assertTrue(data.getFileName().toString().matches("net\\.onnx\\.[0-9a-f]{16}\\.data"), data.toString());
        byte[] bytes = Files.readAllBytes(data);
        ModelProto m = parse(f);
        List<TensorProto> inits = m.getGraph().getInitializerList();
        assertEquals(List.of("fc.weight", "fc.bias", "tiny"), inits.stream().map(TensorProto::getName).toList());
        Tensor[] tensors = {WriterFixtures.floats(900, 0f), WriterFixtures.floats(300, -1f)};
        for (int i = 0; i < 2; i++) {
            TensorProto t = inits.get(i);
            assertEquals(TensorProto.DataLocation.EXTERNAL, t.getDataLocation());
            assertFalse(t.hasRawData());
            Map<String, String> ext = new HashMap<>();
            for (StringStringEntryProto e : t.getExternalDataList()) ext.put(e.getKey(), e.getValue());
            assertEquals(data.getFileName().toString(), ext.get("location"));
            long offset = Long.parseLong(ext.get("offset"));
            int length = Integer.parseInt(ext.get("length"));
            assertEquals(0, offset % ExternalDataLayout.ALIGNMENT, "offset " + offset);
            assertEquals(tensors[i].numel() * 4, length);
            ByteBuffer b = ByteBuffer.wrap(bytes, (int) offset, length).order(ByteOrder.LITTLE_ENDIAN);
            float[] got = new float[length / 4];
            b.asFloatBuffer().get(got);
            assertArrayEquals(tensors[i].floats(), got);
        }
        assertEquals(4096 + 1200, bytes.length);
        assertTrue(inits.get(2).hasRawData(), "tensors under 1 KiB stay embedded");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "model and data file only, no temporary files");
        }
    }

    @Test
    void externalDataToAStreamFailsBeforeWriting() {
        WriterOptions o = WriterOptions.of(17).withExternalData(true);
        AssembledModel m = ModelAssembler.assemble(WriterFixtures.matMulAdd(300), o);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OnnxExporterError e = assertThrows(OnnxExporterError.class, () -> OnnxWriter.write(m, o, out));
        assertTrue(e.getMessage().contains("OutputStream"), e.getMessage());
        assertEquals(0, out.size());
        assertThrows(OnnxExporterError.class, () -> OnnxWriter.write(m, o.withFormat(ExportFormat.DIRECTORY), out));
        assertEquals(0, out.size());
    }

    @Test
    void zipArchivesHoldModelAndData() throws IOException {
        for (ExportFormat fmt : List.of(ExportFormat.ZIP_ARCHIVE, ExportFormat.COMPRESSED_ZIP_ARCHIVE)) {
            Path f = dir.resolve(fmt + ".zip");
            WriterOptions o = WriterOptions.of(17).withExternalData(true).withFormat(fmt);
            OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(300), o), o, f);
            try (ZipFile z = new ZipFile(f.toFile())) {
                List<String> names = new ArrayList<>();
                z.stream().forEach(e -> names.add(e.getName()));
                assertEquals(List.of("model.onnx", "model.onnx.data"), names);
                int method = fmt == ExportFormat.ZIP_ARCHIVE ? ZipEntry.STORED : ZipEntry.DEFLATED;
                z.stream().forEach(e -> assertEquals(method, e.getMethod(), e.getName()));
                ModelProto m;
                try (InputStream in = z.getInputStream(z.getEntry("model.onnx"))) {
                    m = ModelProto.parseFrom(in);
                }
                assertEquals("model.onnx.data", m.getGraph().getInitializer(0).getExternalData(0).getValue());
                assertEquals(4096 + 1200, z.getEntry("model.onnx.data").getSize());
            }
        }
    }

    @Test
    void directoryFormatWritesModelAndData() throws IOException {
        Path d = dir.resolve("out");
        WriterOptions o = WriterOptions.of(17).withExternalData(true).withFormat(ExportFormat.DIRECTORY);
        OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(300), o), o, d);
        assertTrue(Files.isRegularFile(d.resolve("model.onnx")));
        Path data = onlyDataFile(d, "model.onnx");
        assertEquals(data.getFileName().toString(), parse(d.resolve("model.onnx")).getGraph().getInitializer(0).getExternalData(0).getValue());
        assertEquals(8, parse(d.resolve("model.onnx")).getIrVersion());
    }

    /** The one data file {@code MODEL.ID.data} in {@code dir}. */
    static Path onlyDataFile(Path dir, String model) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> data = files.filter(p -> p.getFileName().toString().startsWith(model + ".")
                    && p.getFileName().toString().endsWith(".data")).toList();
            assertEquals(1, data.size(), data::toString);
            return data.get(0);
        }
    }

    @Test
    void identicalInputGivesIdenticalBytes() throws IOException {
        for (ExportFormat fmt : ExportFormat.values()) {
            if (fmt == ExportFormat.DIRECTORY) continue;
            WriterOptions o = WriterOptions.of(17).withFormat(fmt);
            Path a = dir.resolve("a-" + fmt);
            Path b = dir.resolve("b-" + fmt);
            OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(5), o), o, a);
            OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(5), o), o, b);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), fmt.toString());
        }
    }

    @Test
    void prettyTextShowsGraph() {
        String s = OnnxText.print(ModelAssembler.assemble(WriterFixtures.matMulAdd(4), WriterOptions.of(17)));
        assertTrue(s.startsWith("ir_version 8, opset_import [\"\" 17], producer onnxport "), s);
        assertTrue(s.contains("%x : FLOAT[batch, 3]"), s);
        assertTrue(s.contains("%fc.weight : FLOAT[3, 4]"), s);
        assertTrue(s.contains("%/fc/MatMul_output_0 = MatMul(%x, %fc.weight)  # /fc/MatMul"), s);
    }
}
