package dev.onnxport.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PyTorch-written fixture reads, decodes to the bytes in the file, and is reproduced byte for byte
 * by the writer from the tensors read (the format is deterministic: sorted names, compact JSON, space padding).
 */
class SafetensorsFixtureTest {
    @TempDir Path dir;

    static List<Path> fixtureFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> ops = Files.list(Fixtures.ops()); Stream<Path> models = Files.walk(Fixtures.models(), 2)) {
            Stream.concat(ops, models).filter(p -> p.toString().endsWith(".safetensors")).sorted().forEach(out::add);
        }
        return out;
    }

    @Test
    void everyFixtureReadsAndIsRewrittenByteForByte() throws IOException {
        List<Path> files = fixtureFiles();
        // one file per op case, weights + io + io_alt per model
        Fixtures.floor("safetensors fixture files", files.size(), Fixtures.OP_CASES + 3L * Fixtures.MODELS.size());
        long tensors = 0;
        for (Path p : files) {
            byte[] original = Files.readAllBytes(p);
            ByteBuffer raw = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
            long dataStart = 8 + raw.getLong(0);
            try (SafetensorsFile f = Safetensors.open(p)) {
                Map<String, Tensor> all = f.getAll();
                for (String name : f.names()) checkAgainstRawBytes(p, f.info(name), all.get(name), raw, dataStart);
                tensors += all.size();
                ByteArrayOutputStream out = new ByteArrayOutputStream(original.length);
                Safetensors.write(out, all, f.metadata().isEmpty() ? null : f.metadata());
                assertArrayEquals(original, out.toByteArray(), "rewriting " + p + " changed its bytes");
            }
        }
        assertTrue(tensors > 600, "only " + tensors + " tensors read");
    }

    /** First and last element of the tensor agree with a direct little-endian decode of the file. */
    private static void checkAgainstRawBytes(Path p, TensorInfo info, Tensor t, ByteBuffer raw, long dataStart) {
        assertEquals(info.dtype(), t.dtype());
        assertArrayEquals(info.shape(), t.shape());
        if (t.numel() == 0) return;
        for (long i : new long[] {0, t.numel() - 1}) {
            int at = (int) (dataStart + info.begin() + i * info.dtype().byteSize());
            double want = switch (info.dtype()) {
                case FLOAT32 -> raw.getFloat(at);
                case FLOAT64 -> raw.getDouble(at);
                case INT64 -> raw.getLong(at);
                case INT32 -> raw.getInt(at);
                case BOOL -> raw.get(at);
                default -> throw new AssertionError(p + " has dtype " + info.dtype() + ", which the fixtures do not use");
            };
            assertEquals(0, Double.compare(want, t.getDoubleFlat(i)), p + " " + info.name() + "[" + i + "]");
        }
    }

    @Test
    void aModelCheckpointRewrittenToAFileIsIdentical() throws IOException {
        Path src = Fixtures.models().resolve("resnet18").resolve("weights.safetensors");
        Path dst = dir.resolve("resnet18.safetensors");
        Map<String, Tensor> w = Safetensors.read(src);
        Safetensors.write(dst, w, null);
        assertEquals(-1L, Files.mismatch(src, dst));
        assertEquals(DType.INT64, w.get("bn1.num_batches_tracked").dtype());
        assertEquals(0, w.get("bn1.num_batches_tracked").dim());
    }

    @Test
    void opFixtureFromTensorsBuiltOnTheHeap() throws IOException {
        // The same tensors made afresh (heap storage, one of them as a transposed view) give PyTorch's bytes.
        Path src = Fixtures.ops().resolve("add.safetensors");
        Map<String, Tensor> read = Safetensors.read(src);
        Tensor arg1 = read.get("arg1");
        Tensor arg1T = arg1.asStrided(new long[] {4, 3}, new long[] {1, 4}, 0).copy();
        Tensor arg1View = arg1T.asStrided(new long[] {3, 4}, new long[] {1, 3}, 0);
        Map<String, Tensor> rebuilt = Map.of("out0", read.get("out0").copy(), "arg1", arg1View, "arg0",
                Tensor.of(read.get("arg0").floats(), read.get("arg0").shape()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, rebuilt, null);
        assertArrayEquals(Files.readAllBytes(src), out.toByteArray());
    }
}
