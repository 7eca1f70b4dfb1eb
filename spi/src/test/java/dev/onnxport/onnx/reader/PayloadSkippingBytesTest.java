package dev.onnxport.onnx.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's view of a model file: large initializer payloads stay views of the mapping (never read by the parse),
 * the rest is read, and the bytes are the file's in every case, also for a file cut short.
 */
class PayloadSkippingBytesTest {
    @TempDir Path dir;

    /** Raw data of {@code bytes} bytes, each byte a function of its index and {@code seed}. */
    private static byte[] data(int bytes, int seed) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    private static TensorProto tensor(String name, byte[] raw) {
        return TensorProto.newBuilder().setName(name).addDims(raw.length / 4).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw)).build();
    }

    /** A model with large and small initializers, the large ones of unequal sizes, one after a small one. */
    private static ModelProto model() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        g.addInitializer(tensor("big0", data(300_000, 1)));
        g.addInitializer(tensor("small", data(40, 2)));
        g.addInitializer(tensor("big1", data(PayloadSkippingBytes.MIN_VIEW_BYTES, 3)));
        g.addInitializer(tensor("big2", data(200_004, 4)));
        g.addOutput(ValueInfoProto.newBuilder().setName("big2"));
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g).build();
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("m.onnx"), bytes);
    }

    private static ByteString of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            return PayloadSkippingBytes.of(ch, m);
        }
    }

    @Test
    void theBytesAreTheFilesAndTheLargePayloadsAreViews() throws IOException {
        byte[] file = model().toByteArray();
        Path p = write(file);
        assertEquals(ByteString.copyFrom(file), of(p));
        try (OnnxModel m = OnnxModelReader.read(p)) {
            GraphProto g = m.proto().getGraph();
            assertEquals(model().getGraph().getInitializerList(), g.getInitializerList(), "the same initializers, byte for byte");
            for (TensorProto t : g.getInitializerList()) {
                ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer();
                // a view of the mapping is a direct buffer; a copy made while parsing would be on the heap
                if (t.getRawData().size() >= PayloadSkippingBytes.MIN_VIEW_BYTES) assertTrue(raw.isDirect(), t.getName());
            }
        }
    }

    @Test
    void aModelWithoutLargePayloadsIsTheMappingItself() throws IOException {
        ModelProto small = ModelProto.newBuilder().setIrVersion(8)
                .setGraph(GraphProto.newBuilder().addInitializer(tensor("w", data(4000, 5)))).build();
        Path p = write(small.toByteArray());
        ByteString b = of(p);
        assertEquals(ByteString.copyFrom(small.toByteArray()), b);
        try (OnnxModel m = OnnxModelReader.read(p)) {
            assertEquals(small.getGraph(), m.proto().getGraph());
        }
    }

    /** Structure longer than a read (many small tensors) between two payloads stays a view; the bytes are the same. */
    @Test
    void aLongStretchOfStructureStaysAView() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().addInitializer(tensor("big0", data(100_000, 1)));
        int small = (int) (PayloadSkippingBytes.MAX_READ / 40_000) + 2;   // together more than one read
        for (int i = 0; i < small; i++) g.addInitializer(tensor("s" + i, data(40_000, i)));
        g.addInitializer(tensor("big1", data(100_000, 2)));
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g).build();
        Path p = write(m.toByteArray());
        assertEquals(ByteString.copyFrom(m.toByteArray()), of(p));
        try (OnnxModel read = OnnxModelReader.read(p)) {
            assertEquals(m.getGraph(), read.proto().getGraph());
        }
    }

    /** Cut inside a payload, after it, or inside a header: the same bytes, so the same fault as the bytes parsed in memory. */
    @Test
    void aFileCutShortFailsAsItsBytesDo() throws IOException {
        byte[] file = model().toByteArray();
        for (int cut : new int[] {file.length - 1, file.length - 100_000, 300_010, 300_050, 150_000, 20}) {
            byte[] part = Arrays.copyOf(file, cut);
            Path p = write(part);
            assertEquals(ByteString.copyFrom(part), of(p), "cut at " + cut);
            ModelFileError fromFile = assertThrows(ModelFileError.class, () -> OnnxModelReader.read(p).close(), "cut at " + cut);
            ModelFileError fromBytes = assertThrows(ModelFileError.class, () -> OnnxModelReader.parse(part), "cut at " + cut);
            assertEquals(fromBytes.fault(), fromFile.fault(), "cut at " + cut);
            assertFalse(fromFile.fault().isEmpty());
        }
    }

    /** Garbage where the walk expects a field: it stops there, and the bytes are still the file's. */
    @Test
    void garbageAfterAPayloadLeavesTheRestAsItIs() throws IOException {
        byte[] file = model().toByteArray();
        byte[] bad = Arrays.copyOf(file, file.length + 5);
        Arrays.fill(bad, file.length, bad.length, (byte) 0xff);
        Path p = write(bad);
        assertEquals(ByteString.copyFrom(bad), of(p));
    }
}
