package dev.onnxport.onnx.reader;

import static dev.onnxport.testing.OnnxFiles.addModel;
import static dev.onnxport.testing.OnnxFiles.initializer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.ChildJvm;
import dev.onnxport.testing.OnnxFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the reader accepts, the edges of its limits, and its memory use. */
class OnnxModelReaderTest {
    @TempDir Path dir;

    private static Graph graph(int hidden) {
        Graph g = new Graph("main_graph");
        Value x = g.addInput("x", Type.tensor(DType.FLOAT32, new long[] {hidden}));
        float[] w = new float[hidden];
        for (int i = 0; i < hidden; i++) w[i] = i;
        Value wv = g.addInitializer("w", Tensor.of(w));
        Node add = g.body().append("onnx::Add", null);
        add.addInput(x).addInput(wv);
        g.addOutput(add.addOutput(Type.tensor(DType.FLOAT32, new long[] {hidden})).setName("y"));
        return g;
    }

    /** Every layout onnxport writes, embedded and with external data, reads back valid. */
    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void readsWhatTheWriterWrites(ExportFormat format) {
        for (boolean external : new boolean[] {false, true}) {
            WriterOptions o = WriterOptions.of(17).withFormat(format).withExternalData(external);
            Path target = dir.resolve(format + "-" + external + (format == ExportFormat.DIRECTORY ? "" : ".onnx"));
            OnnxWriter.write(ModelAssembler.assemble(graph(1000), o), o, target);
            Path tempDir;
            try (OnnxModel m = OnnxModelReader.read(target)) {
                assertEquals(target, m.given());
                TensorProto w = m.proto().getGraph().getInitializer(0);
                assertEquals(external, w.getDataLocation() == TensorProto.DataLocation.EXTERNAL, format + " " + external);
                assertEquals(List.of(), StructuralChecker.check(m.proto(), m.modelDir()));
                tempDir = m.modelDir();
            }
            boolean zip = format == ExportFormat.ZIP_ARCHIVE || format == ExportFormat.COMPRESSED_ZIP_ARCHIVE;
            assertEquals(!zip, Files.exists(tempDir), "a zip's temporary folder is removed on close");
        }
    }

    @Test
    void subgraphsNestedToTheLimitAreRead() {
        ModelProto m = OnnxFiles.nestedIfs(ReadLimits.MAX_SUBGRAPH_DEPTH);
        assertEquals(m, OnnxModelReader.parse(m.toByteArray()));
        ModelFileError e = assertThrows(ModelFileError.class,
                () -> OnnxModelReader.parse(OnnxFiles.nestedIfs(ReadLimits.MAX_SUBGRAPH_DEPTH + 1).toByteArray()));
        assertEquals("the model bytes: node 'if0' (If) attribute 'then_branch': subgraphs nest more than 64 levels deep, the limit", e.getMessage());
    }

    /** The hand encoder of the deep-nesting cases makes what protobuf's builders make. */
    @Test
    void handEncodedNestingParsesAsNestedIfs() throws IOException {
        ModelProto m = ModelProto.parseFrom(OnnxFiles.nestedIfBytes(3));
        GraphProto g = m.getGraph();
        for (int i = 0; i < 3; i++) {
            assertEquals("If", g.getNode(0).getOpType());
            g = g.getNode(0).getAttribute(0).getG();
        }
        assertEquals(0, g.getNodeCount());
        TypeProto t = ModelProto.parseFrom(OnnxFiles.nestedSequenceTypeBytes(3)).getGraph().getInput(0).getType();
        for (int i = 0; i < 3; i++) t = t.getSequenceType().getElemType();
        assertEquals(OnnxFiles.FLOAT, t.getTensorType().getElemType());
    }

    @Test
    void theLargestTensorIsAccepted() {
        long floats = ReadLimits.MAX_TENSOR_BYTES / 4;  // 2147483644 bytes
        OnnxModelReader.parse(addModel(initializer("w", new long[] {floats}, new byte[8])).toByteArray());
        assertThrows(ModelFileError.class,
                () -> OnnxModelReader.parse(addModel(initializer("w", new long[] {floats + 1}, new byte[8])).toByteArray()));
    }

    @Test
    void theLargestRankIsAccepted() {
        OnnxModelReader.parse(addModel(initializer("w", BadModelFileCatalogueTest.ones(64), new byte[4])).toByteArray());
    }

    @Test
    void externalDataThroughALinkInsideTheFolderIsAccepted() throws IOException {
        Files.write(dir.resolve("real.bin"), new byte[8]);
        Files.createSymbolicLink(dir.resolve("w.bin"), dir.resolve("real.bin"));
        Path f = Files.write(dir.resolve("m.onnx"), addModel(OnnxFiles.external("w", new long[] {2},
                Map.of("location", "w.bin", "offset", "0", "length", "8"))).toByteArray());
        try (OnnxModel m = OnnxModelReader.read(f)) {
            assertEquals(List.of(), StructuralChecker.check(m.proto(), m.modelDir()));
        }
    }

    @Test
    void aZipWithinTheExtractionLimitIsRead() throws IOException {
        Path z = dir.resolve("m.zip");
        WriterOptions o = WriterOptions.of(17).withFormat(ExportFormat.COMPRESSED_ZIP_ARCHIVE).withExternalData(true);
        OnnxWriter.write(ModelAssembler.assemble(graph(200_000), o), o, z);
        ReadLimits tight = new ReadLimits(ReadLimits.MAX_MODEL_FILE_BYTES, ReadLimits.MAX_TENSOR_BYTES, 64, 64, 2, 801_000);
        try (OnnxModel m = OnnxModelReader.read(z, tight)) {
            assertEquals(800_000, Files.size(m.modelDir().resolve("model.onnx.data")));
        }
        ReadLimits tighter = new ReadLimits(ReadLimits.MAX_MODEL_FILE_BYTES, ReadLimits.MAX_TENSOR_BYTES, 64, 64, 2, 800_000);
        assertThrows(ModelFileError.class, () -> OnnxModelReader.read(z, tighter));
    }

    @Test
    void aFailedZipLeavesNoTemporaryFolder() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path z = dir.resolve("bad.zip");
        try (OutputStream o = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(o)) {
            zip.putNextEntry(new ZipEntry("model.onnx"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        List<Path> before = zipDirs(tmp);
        assertThrows(ModelFileError.class, () -> OnnxModelReader.read(z));
        List<Path> after = zipDirs(tmp);
        assertTrue(before.containsAll(after), "new temporary folders left: " + after);
    }

    private static List<Path> zipDirs(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("onnxport-zip")).toList();
        }
    }

    /**
     * A model with 256 MB of embedded raw_data reads in a JVM with a 64 MB heap: the weights stay in the
     * mapping. The control, protobuf's plain parseFrom, runs out of memory in the same heap.
     */
    @Test
    void memoryFollowsTheGraphNotTheWeights() throws Exception {
        long weights = 256L << 20;
        Path f = dir.resolve("big.onnx");
        writeModelWithRawData(f, weights);
        assertEquals("raw_data bytes: " + (weights + 8), runSmallHeap("reader", f), "256 MB of weights plus the 8 bytes of w");
        assertTrue(runSmallHeap("plain", f).contains("OutOfMemoryError"), "the control must need the weights in the heap");
    }

    private String runSmallHeap(String mode, Path f) throws Exception {
        Path log = dir.resolve(mode + ".log");
        Process p = ChildJvm.start(ReadInSmallHeap.class, List.of("-Xmx64m"), List.of(OnnxModelReader.class, Message.class),
                List.of(), log, mode, f.toString());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        return Files.readString(log).strip();
    }

    /** addModel() plus an initializer of {@code bytes} zeros, streamed so that this JVM never holds them. */
    static void writeModelWithRawData(Path f, long bytes) throws IOException {
        TensorProto head = TensorProto.newBuilder().setName("big").setDataType(OnnxFiles.FLOAT).addDims(bytes / 4).build();
        int rawHeader = CodedOutputStream.computeTagSize(9) + CodedOutputStream.computeUInt64SizeNoTag(bytes);
        long tensorLen = head.getSerializedSize() + rawHeader + bytes;
        ModelProto small = addModel();
        byte[] graph = small.getGraph().toByteArray();
        long graphLen = graph.length + CodedOutputStream.computeTagSize(5) + CodedOutputStream.computeUInt64SizeNoTag(tensorLen) + tensorLen;
        byte[] prefix = small.toBuilder().clearGraph().build().toByteArray();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var bos = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(bos);
            c.writeRawBytes(prefix);
            c.writeTag(7, 2);
            c.writeUInt64NoTag(graphLen);
            c.writeRawBytes(graph);
            c.writeTag(5, 2);
            c.writeUInt64NoTag(tensorLen);
            c.writeRawBytes(head.toByteArray());
            c.writeTag(9, 2);
            c.writeUInt64NoTag(bytes);
            c.flush();
            ch.write(ByteBuffer.wrap(bos.toByteArray()));
            ch.write(ByteBuffer.wrap(new byte[1]), ch.position() + bytes - 1);  // zeros, sparse
        }
        assertFalse(Files.size(f) < bytes);
    }
}
