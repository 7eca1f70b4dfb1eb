package dev.onnxport.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Half;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.WidenedStorage;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SafetensorsCheckpoint on the Hugging Face fixtures and on broken copies of them. */
class SafetensorsCheckpointTest {
    private static final String SHARD1 = "model-00001-of-00002.safetensors", SHARD2 = "model-00002-of-00002.safetensors";

    @TempDir Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> weightMap(Path folder) throws IOException {
        return (Map<String, String>) json(folder.resolve(SafetensorsCheckpoint.INDEX_FILE)).get("weight_map");
    }

    /** A writable copy of fixture {@code name} in the temporary folder. */
    private Path copy(String name) throws IOException {
        Path src = Fixtures.hf(name), dst = dir.resolve(name);
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.toList()) Files.copy(f, dst.resolve(f.getFileName()));
        }
        return dst;
    }

    private static void writeIndex(Path folder, Map<String, ?> weightMap) throws IOException {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", 0L));
        index.put("weight_map", weightMap);
        Files.writeString(folder.resolve(SafetensorsCheckpoint.INDEX_FILE), Json.write(index));
    }

    private static String failure(Path folder) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsCheckpoint.open(folder).close());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }

    // ---- the fixtures --------------------------------------------------------------------------

    @Test
    void shardedQwen2GivesTheTensorsOfItsIndexFromBothShards() throws IOException {
        Path folder = Fixtures.hf("qwen2-tiny");
        Map<String, String> index = weightMap(folder);
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(folder)) {
            assertEquals(List.of(folder.resolve(SHARD1), folder.resolve(SHARD2)), c.files());
            assertEquals(new ArrayList<>(index.keySet()), new ArrayList<>(c.tensors().keySet()), "index order");
            Map<String, Tensor> all = new LinkedHashMap<>(Safetensors.read(folder.resolve(SHARD1)));
            all.putAll(Safetensors.read(folder.resolve(SHARD2)));
            assertEquals(all.keySet(), c.tensors().keySet());
            long bytes = 0;
            for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
                Tensor want = all.get(e.getKey()), got = e.getValue();
                assertEquals(DType.FLOAT32, got.dtype());
                assertArrayEquals(want.shape(), got.shape(), e.getKey());
                assertArrayEquals(want.floats(), got.floats(), e.getKey());
                assertSame(got, c.float32Tensors().get(e.getKey()), "float32 is kept as it is");
                assertEquals(folder.resolve(index.get(e.getKey())), c.fileOf(e.getKey()));
                bytes += got.numel() * 4;
            }
            assertEquals(bytes, c.totalBytes());
            Object total = ((Map<?, ?>) json(folder.resolve(SafetensorsCheckpoint.INDEX_FILE)).get("metadata")).get("total_size");
            assertEquals(((Number) total).longValue(), c.totalBytes(), "as the index's metadata.total_size counts");
            assertNull(c.fileOf("lm_head.weight"), "qwen2-tiny's head is tied, absent from the files");
            assertSame(c.tensors(), c.tensors());
        }
    }

    @Test
    void bfloat16LlamaIsWidenedExactlyWithoutACopy() throws IOException {
        Path folder = Fixtures.hf("llama-tiny");
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(folder)) {
            assertEquals(List.of(folder.resolve("model.safetensors")), c.files());
            try (SafetensorsFile f = SafetensorsFile.open(folder.resolve("model.safetensors"))) {
                assertEquals(f.names(), new ArrayList<>(c.tensors().keySet()), "header order");
            }
            long bytes = 0;
            int widened = 0;
            for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
                Tensor raw = e.getValue(), wide = c.float32Tensors().get(e.getKey());
                bytes += raw.numel() * raw.dtype().byteSize();
                if (raw.dtype() != DType.BFLOAT16) continue;
                widened++;
                assertEquals(DType.FLOAT32, wide.dtype());
                assertInstanceOf(WidenedStorage.class, wide.storage(), "a lazy view, not a heap copy");
                assertArrayEquals(raw.shape(), wide.shape());
                for (long i = 0; i < raw.numel(); i++) {
                    float want = Half.bf16ToFloat(rawBits(raw, i));
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits((float) wide.getDoubleFlat(i)),
                            e.getKey() + " element " + i);
                }
            }
            assertTrue(widened >= 20, "llama-tiny's weights are bfloat16: " + widened);
            assertEquals(bytes, c.totalBytes());
            assertTrue(Files.size(folder.resolve("model.safetensors")) > c.totalBytes(), "the header is not counted");
        }
    }

    /** The raw 16 bits of element {@code i} of a bfloat16 tensor, read from its mapped bytes. */
    private static short rawBits(Tensor t, long i) {
        return ((BufferStorage) t.storage()).buffer().getShort(Math.toIntExact((t.offset() + i) * 2));
    }

    @Test
    void everyFixtureOpens() {
        for (String name : Fixtures.HF_MODELS) {
            try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(Fixtures.hf(name))) {
                assertFalse(c.tensors().isEmpty(), name);
                for (Tensor t : c.float32Tensors().values()) {
                    assertTrue(t.dtype() == DType.FLOAT32 || !t.dtype().isFloatingPoint(), name + ": " + t);
                }
            }
        }
    }

    @Test
    void tensorsStayReadableAfterClose() {
        SafetensorsCheckpoint c = SafetensorsCheckpoint.open(Fixtures.hf("qwen2-tiny"));
        Map<String, Tensor> t = c.float32Tensors();
        c.close();
        c.close();
        for (Tensor x : t.values()) assertEquals(x.numel(), x.floats().length);
    }

    @Test
    void singleFileWinsOverAnIndexAsInTransformers() throws IOException {
        Path folder = copy("llama-tiny");
        writeIndex(folder, Map.of("x", "missing.safetensors"));
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(folder)) {
            assertEquals(List.of(folder.resolve("model.safetensors")), c.files());
        }
    }

    // ---- broken folders ------------------------------------------------------------------------

    @Test
    void folderWithoutWeights() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertContains(failure(empty), empty.toString(), "has neither model.safetensors nor model.safetensors.index.json");
        Files.writeString(empty.resolve("pytorch_model.bin"), "pickle");
        assertContains(failure(empty), "pytorch_model.bin", "save them as safetensors");
        assertContains(failure(dir.resolve("nowhere")), "no such folder");
        assertContains(failure(Files.writeString(dir.resolve("file"), "x")), "is a file, not a folder");
    }

    @Test
    void missingShard() throws IOException {
        Path folder = copy("qwen2-tiny");
        Files.delete(folder.resolve(SHARD2));
        String m = failure(folder);
        assertContains(m, folder.resolve(SafetensorsCheckpoint.INDEX_FILE) + ": names shard '" + SHARD2
                + "' (for 'model.layers.1.input_layernorm.weight' and 12 more), which is not in " + folder);
    }

    @Test
    void indexPlacesATensorInAShardThatDoesNotHoldIt() throws IOException {
        Path folder = copy("qwen2-tiny");
        Map<String, Object> wm = new LinkedHashMap<>(weightMap(folder));
        wm.put("lm_head.weight", SHARD1);
        writeIndex(folder, wm);
        assertContains(failure(folder), SafetensorsCheckpoint.INDEX_FILE + ": places tensor 'lm_head.weight' in shard '" + SHARD1
                + "', which does not hold it");
    }

    @Test
    void tensorInTwoShards() throws IOException {
        Path folder = copy("qwen2-tiny");
        Map<String, Tensor> second = new LinkedHashMap<>(Safetensors.read(folder.resolve(SHARD2)));
        second.put("model.embed_tokens.weight", Safetensors.read(folder.resolve(SHARD1)).get("model.embed_tokens.weight"));
        Path rewritten = dir.resolve("second.safetensors");
        Safetensors.write(rewritten, second);
        Files.move(rewritten, folder.resolve(SHARD2), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertContains(failure(folder), SHARD2 + ": holds tensor 'model.embed_tokens.weight', which shard '" + SHARD1
                + "' holds too");
    }

    @Test
    void shardTensorTheIndexDoesNotList() throws IOException {
        Path folder = copy("qwen2-tiny");
        Map<String, Object> wm = new LinkedHashMap<>(weightMap(folder));
        wm.remove("model.norm.weight");
        writeIndex(folder, wm);
        assertContains(failure(folder), SHARD2 + ": holds tensor 'model.norm.weight', which model.safetensors.index.json does not list");
    }

    @Test
    void shardNamesMayNotLeaveTheFolder() throws IOException {
        Path folder = copy("qwen2-tiny");
        Files.copy(folder.resolve(SHARD2), dir.resolve("x.safetensors"));
        Map<String, String> original = weightMap(folder);
        for (String bad : new String[] {"../x.safetensors", dir.resolve("x.safetensors").toString(), "sub/../../x.safetensors", ".", ""}) {
            Map<String, Object> wm = new LinkedHashMap<>(original);
            wm.replaceAll((k, v) -> v.equals(SHARD2) ? bad : v);
            writeIndex(folder, wm);
            assertContains(failure(folder), "names shard '" + bad + "' (for 'model.layers.1.input_layernorm.weight' and 12 more), "
                    + "which is not a file inside " + folder);
        }
    }

    @Test
    void malformedIndex() throws IOException {
        Path folder = copy("qwen2-tiny");
        Path index = folder.resolve(SafetensorsCheckpoint.INDEX_FILE);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"weight_map\": ", "is not valid JSON");
        cases.put("[1, 2]", "is not a JSON object");
        cases.put("{\"metadata\": {}}", "has no weight_map");
        cases.put("{\"weight_map\": [\"a\"]}", "weight_map is not a JSON object");
        cases.put("{\"weight_map\": {}}", "weight_map is empty");
        cases.put("{\"weight_map\": {\"a\": 3}}", "weight_map gives tensor 'a' a shard that is not a file name (a string) but 3");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Files.writeString(index, e.getKey());
            assertContains(failure(folder), index.toString(), e.getValue());
        }
        Files.write(index, new byte[] {'{', (byte) 0xff, '}'});
        assertContains(failure(folder), "is not valid UTF-8");
    }

    @Test
    void brokenShardIsNamed() throws IOException {
        Path folder = copy("qwen2-tiny");
        Files.write(folder.resolve(SHARD1), new byte[] {1, 2, 3});
        assertContains(failure(folder), folder.resolve(SHARD1).toString(), "shorter than the 8-byte header length");
    }
}
