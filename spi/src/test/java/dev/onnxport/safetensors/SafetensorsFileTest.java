package dev.onnxport.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir Path dir;

    private Path smallFile() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", SafetensorsRoundTripTest.sample(DType.FLOAT32));   // 48 bytes
        in.put("b", Tensor.of(new double[] {1, 2, 3}));                  // 24 bytes
        in.put("n", Tensor.scalar(42));                                   // 8 bytes
        in.put("z", Tensor.zeros(DType.INT8, 0));
        Path f = dir.resolve("small.safetensors");
        Safetensors.write(f, in, Map.of("format", "pt"));
        return f;
    }

    @Test
    void infoWithoutData() {
        try (SafetensorsFile f = Safetensors.open(smallFile())) {
            assertEquals(List.of("b", "n", "w", "z"), f.names());
            TensorInfo w = f.info("w");
            assertEquals(DType.FLOAT32, w.dtype());
            assertArrayEquals(new long[] {3, 4}, w.shape());
            assertEquals(32, w.begin());
            assertEquals(80, w.end());
            assertEquals(12, w.numel());
            assertEquals(Map.of("format", "pt"), f.metadata());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.info("nope"));
            assertTrue(e.getMessage().contains("has no tensor 'nope'"), e.getMessage());
        }
    }

    @Test
    void tensorsAreReadOnlyViewsOfTheMappingAndKeepTheirIdentity() {
        Path p = smallFile();
        Tensor w;
        try (SafetensorsFile f = Safetensors.open(p)) {
            w = f.get("w");
            assertSame(w, f.get("w"));
            BufferStorage s = (BufferStorage) w.storage();
            assertTrue(s.isReadOnly());
            assertTrue(s.buffer().isDirect(), "data must stay in the mapping, not on the heap");
            assertThrows(UnsupportedOperationException.class, () -> w.setDouble(1, 0, 0));
            assertEquals(42, f.get("n").itemLong());
            assertEquals(0, f.get("z").numel());
        }
        SafetensorsRoundTripTest.assertSameTensor(SafetensorsRoundTripTest.sample(DType.FLOAT32), w);  // valid after close
    }

    @Test
    void getAfterCloseIsRefused() {
        SafetensorsFile f = Safetensors.open(smallFile());
        f.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.get("w"));
        assertTrue(e.getMessage().endsWith("is closed"));
    }

    @Test
    void smallMappingLimitSplitsTheDataIntoChunks() {
        Path p = smallFile();
        Map<String, Tensor> whole = Safetensors.read(p);
        try (SafetensorsFile f = SafetensorsFile.open(p, 40)) {
            for (String n : List.of("b", "n", "z")) SafetensorsRoundTripTest.assertSameTensor(whole.get(n), f.get(n));
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> f.get("w"));
            assertEquals(p + ": tensor 'w' holds 48 bytes; a single tensor can be mapped only up to 40 bytes", e.getMessage());
        }
    }

    @Test
    void concurrentGetsShareOneTensor() throws Exception {
        Path p = smallFile();
        List<String> names = List.of("b", "w", "n");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SafetensorsFile f = Safetensors.open(p)) {
            List<Callable<Tensor>> jobs = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String name = names.get(i % 3);
                jobs.add(() -> f.get(name));
            }
            List<Future<Tensor>> results = pool.invokeAll(jobs);
            for (int i = 0; i < results.size(); i++) assertSame(f.get(names.get(i % 3)), results.get(i).get());
        } finally {
            pool.shutdown();
        }
    }

    /** Writes a sparse file of {@code dataBytes} bytes of data under {@code header}; returns the data start. */
    private static long sparse(Path f, String header, long dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            r.write(h);
            r.setLength(8 + h.length + dataBytes);
        }
        return 8 + h.length;
    }

    @Test
    void filesAboveTwoGibibytesAreMappedInChunks() throws IOException {
        long g15 = 3L << 29;  // 1.5 GiB
        Path f = dir.resolve("big.safetensors");
        long start = sparse(f, "{\"a\":{\"dtype\":\"U8\",\"shape\":[" + g15 + "],\"data_offsets\":[0," + g15 + "]},"
                + "\"b\":{\"dtype\":\"I16\",\"shape\":[" + g15 / 2 + "],\"data_offsets\":[" + g15 + "," + 2 * g15 + "]}}", 2 * g15);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(start + g15);            // first element of b, 1.5 GiB into the data
            r.write(new byte[] {9, 1});
            r.seek(start + 2 * g15 - 2);    // last element of b, past 3 GiB
            r.write(new byte[] {7, 0});
        }
        try (SafetensorsFile sf = Safetensors.open(f)) {
            Tensor a = sf.get("a"), b = sf.get("b");
            assertEquals(0, a.getLong(g15 - 1));
            assertEquals(256 + 9, b.getLong(0));
            assertEquals(7, b.getLong(g15 / 2 - 1));
        }
    }

    @Test
    void aSingleTensorAboveTwoGibibytesIsNamed() throws IOException {
        long bytes = 5L << 29;  // 2.5 GiB
        Path f = dir.resolve("huge.safetensors");
        sparse(f, "{\"huge\":{\"dtype\":\"F32\",\"shape\":[" + bytes / 4 + "],\"data_offsets\":[0," + bytes + "]},"
                + "\"small\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[" + bytes + "," + (bytes + 8) + "]}}", bytes + 8);
        try (SafetensorsFile sf = Safetensors.open(f)) {
            assertEquals(bytes, sf.info("huge").byteLength());
            assertEquals(8, sf.get("small").numel());
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> sf.get("huge"));
            assertEquals(f + ": tensor 'huge' holds 2684354560 bytes; a single tensor can be mapped only up to 2147483647 bytes",
                    e.getMessage());
        }
    }
}
