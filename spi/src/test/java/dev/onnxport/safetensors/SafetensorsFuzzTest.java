package dev.onnxport.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.FuzzCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the safetensors reader. The contract: any file either opens, with every tensor readable to its last
 * element, or fails with a {@link SafetensorsException} naming the file; never another exception, a stack
 * overflow or an OutOfMemoryError. A plain test run replays the corpus in
 * {@code SafetensorsFuzzTestInputs/readAnyFile/}; see CONTRIBUTING.md ("Fuzzing") for a fuzzing run.
 */
class SafetensorsFuzzTest {
    private static final AtomicLong RUNS = new AtomicLong();
    private static Path file;

    @FuzzTest(maxDuration = "60m", maxExecutions = 1_000_000)
    void readAnyFile(byte[] data) throws IOException {
        RUNS.incrementAndGet();
        Path f = scratchFile();
        Files.write(f, data);
        SafetensorsFile st;
        try {
            st = Safetensors.open(f);
        } catch (SafetensorsException e) {
            assertEquals(f, e.file(), e::getMessage);
            return;
        }
        try (st) {
            for (String name : st.names()) {
                TensorInfo info = st.info(name);
                Tensor t = st.get(name);
                assertEquals(info.byteLength(), t.numel() * info.dtype().byteSize(), name);
                // touch every element: the mapping must cover what the header promised
                for (long i = 0; i < t.numel(); i++) {
                    if (info.dtype() == DType.BOOL || info.dtype().isFloatingPoint()) t.getDoubleFlat(i);
                    else t.getLongFlat(i);
                }
            }
        }
    }

    /** One file per JVM, rewritten by every run: creating files would dominate the time of a run. */
    private static synchronized Path scratchFile() throws IOException {
        if (file == null) {
            file = Files.createTempFile("onnxport-fuzz", ".safetensors");
            file.toFile().deleteOnExit();
        }
        return file;
    }

    @AfterAll
    static void replayedTheWholeCorpus() {
        // Jazzer replays the folder, plus an empty input; a misnamed folder would leave only the latter.
        if (RUNS.get() > 0) assertTrue(RUNS.get() >= FuzzCorpus.size(SafetensorsFuzzTest.class, "readAnyFile", SEED_COUNT),
                RUNS + " runs");
    }

    private static final int SEED_COUNT = seeds().size();

    @Test
    void corpusHoldsTheFilesTheCodeMakes() {
        FuzzCorpus.check(SafetensorsFuzzTest.class, "readAnyFile", seeds());
    }

    /** Valid files written by {@link Safetensors#write} and malformed ones, one fault each. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        Map<String, Tensor> mixed = new LinkedHashMap<>();
        mixed.put("w", Tensor.of(new float[] {1, -2, 3.5f, 0, 1e-3f, -7}, 2, 3));
        mixed.put("ids", Tensor.of(new long[] {3, 1, 4}, 3));
        mixed.put("half", Tensor.of(new float[] {0.5f, 2}, 2).to(DType.FLOAT16));
        mixed.put("bf", Tensor.of(new float[] {1, 2, 3}, 3).to(DType.BFLOAT16));
        mixed.put("mask", Tensor.of(new boolean[] {true, false}, 2));
        mixed.put("empty", Tensor.zeros(DType.FLOAT32, 0, 4));
        s.put("valid-mixed", write(mixed, Map.of("format", "pt")));
        s.put("valid-scalar", write(Map.of("s", Tensor.scalar(2.5, DType.FLOAT64)), null));
        s.put("valid-none", write(Map.of(), null));
        String ok = "\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";
        s.put("bad-truncated", java.util.Arrays.copyOf(s.get("valid-mixed"), 40));
        s.put("bad-short", new byte[] {1, 0, 0});
        s.put("bad-header-past-end", withLength(1L << 40, "{}", 0));
        s.put("bad-negative-length", withLength(-1, "{}", 0));
        s.put("bad-json", header("{" + ok + ",}", 24));
        s.put("bad-not-object", header("[1,2]", 0));
        s.put("bad-dtype", header("{\"t\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        s.put("bad-overflow", header("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}", 4));
        s.put("bad-overlap", header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        s.put("bad-hole", header("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
        s.put("bad-offsets-past-end", header("{" + ok + "}", 16));
        s.put("bad-metadata", header("{\"__metadata__\":{\"k\":1}," + ok + "}", 24));
        s.put("bad-deep-json", header("[".repeat(5000) + "]".repeat(5000), 0));
        s.put("bad-utf8", withBytes(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, 0));
        return s;
    }

    private static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    private static byte[] header(String json, int dataBytes) {
        return withBytes(json.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private static byte[] withBytes(byte[] h, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).array();
    }

    private static byte[] withLength(long length, String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(length).put(h).array();
    }
}
