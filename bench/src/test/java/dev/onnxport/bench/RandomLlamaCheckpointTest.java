package dev.onnxport.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.bench.RandomLlamaCheckpoint.Options;
import dev.onnxport.bench.RandomLlamaCheckpoint.Param;
import dev.onnxport.bench.RandomLlamaCheckpoint.Result;
import dev.onnxport.bench.RandomLlamaCheckpoint.Shape;
import dev.onnxport.safetensors.SafetensorsCheckpoint;
import dev.onnxport.safetensors.SafetensorsFile;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import dev.onnxport.zoo.hf.HfConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RandomLlamaCheckpoint at a tiny shape, read back with SafetensorsCheckpoint and HfConfig. */
class RandomLlamaCheckpointTest {
    @TempDir Path dir;

    /** GQA with an explicit head_dim that differs from hidden / heads, so that every projection has its own shape. */
    private static final Shape SHAPE = new Shape(96, 48, 80, 3, 4, 2, 16, 64, 1e-6, 10000.0);

    private static Result write(Shape shape, Path out, long seed, long shardBytes) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Result r = RandomLlamaCheckpoint.write(shape, out, seed, shardBytes, false, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("wrote "), log.toString(StandardCharsets.UTF_8));
        return r;
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shardedCheckpointReadsBackWithTheShapesOfTransformersLlama() throws IOException {
        Path out = dir.resolve("llama");
        long shardBytes = 20_000;
        Result r = write(SHAPE, out, 7, shardBytes);
        long params = 96 * 48 * 2 + 3 * (64 * 48 + 2 * 32 * 48 + 48 * 64 + 3 * 80 * 48 + 2 * 48) + 48;
        assertEquals(params, r.parameters());
        assertEquals(params, SHAPE.parameterCount());
        assertEquals(params * 2, r.dataBytes());

        HfConfig c = HfConfig.read(out);
        assertEquals(List.of("LlamaForCausalLM"), c.architectures());
        assertEquals("llama", c.modelType());
        assertEquals(96, c.integer("vocab_size"));
        assertEquals(48, c.integer("hidden_size"));
        assertEquals(80, c.integer("intermediate_size"));
        assertEquals(3, c.integer("num_hidden_layers"));
        assertEquals(4, c.integer("num_attention_heads"));
        assertEquals(2, c.integer("num_key_value_heads"));
        assertEquals(16, c.integer("head_dim"));
        assertEquals(64, c.integer("max_position_embeddings"));
        assertEquals(1e-6, c.real("rms_norm_eps"));
        assertEquals(10000.0, c.real("rope_theta"));
        assertFalse(c.bool("tie_word_embeddings", true));
        assertFalse(c.bool("attention_bias", true));
        assertEquals("silu", c.string("hidden_act", null));
        assertEquals("bfloat16", c.string("torch_dtype", null));

        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(out)) {
            int n = ck.files().size();
            assertTrue(n > 3, "several shards: " + ck.files());
            for (int i = 0; i < n; i++) {
                assertEquals(out.resolve(String.format("model-%05d-of-%05d.safetensors", i + 1, n)), ck.files().get(i));
                long data = 0;
                try (SafetensorsFile f = SafetensorsFile.open(ck.files().get(i))) {
                    for (String name : f.names()) data += f.info(name).byteLength();
                    assertEquals(Map.of("format", "pt"), f.metadata());
                    assertTrue(data <= shardBytes || f.size() == 1, "shard " + i + " holds " + data + " bytes");
                }
            }
            List<String> files = new ArrayList<>();
            for (Path p : ck.files()) files.add(p.getFileName().toString());
            files.add("config.json");
            files.add("model.safetensors.index.json");
            assertEquals(files.stream().sorted().toList(), listing(out), "nothing else, no temporary files");
            Map<?, ?> index = (Map<?, ?>) Json.parse(Files.readString(out.resolve("model.safetensors.index.json")));
            assertEquals(r.dataBytes(), ((Number) ((Map<?, ?>) index.get("metadata")).get("total_size")).longValue());
            assertEquals(r.dataBytes(), ck.totalBytes());

            List<Param> want = SHAPE.parameters();
            assertEquals(2 + 9 * 3 + 1, want.size());
            assertEquals(want.stream().map(Param::name).sorted().toList(), List.copyOf(ck.tensors().keySet()),
                    "every transformers name once, in the index's (sorted) order");
            for (Param p : want) {
                Tensor t = ck.tensors().get(p.name());
                assertEquals(DType.BFLOAT16, t.dtype(), p.name());
                assertArrayEquals(p.shape(), t.shape(), p.name());
            }
            assertArrayEquals(new long[] {64, 48}, ck.tensors().get("model.layers.2.self_attn.q_proj.weight").shape());
            assertArrayEquals(new long[] {32, 48}, ck.tensors().get("model.layers.0.self_attn.v_proj.weight").shape());
            assertArrayEquals(new long[] {48, 64}, ck.tensors().get("model.layers.1.self_attn.o_proj.weight").shape());
            assertArrayEquals(new long[] {48, 80}, ck.tensors().get("model.layers.1.mlp.down_proj.weight").shape());
            assertArrayEquals(new long[] {96, 48}, ck.tensors().get("lm_head.weight").shape());

            // values: norms 1, matrices about N(0, 0.02^2)
            for (Map.Entry<String, Tensor> e : ck.float32Tensors().entrySet()) {
                float[] v = e.getValue().floats();
                if (e.getValue().dim() == 1) {
                    for (float x : v) assertEquals(1f, x, e.getKey());
                    continue;
                }
                double sum = 0, sq = 0;
                for (float x : v) { sum += x; sq += (double) x * x; }
                double mean = sum / v.length, std = Math.sqrt(sq / v.length - mean * mean);
                assertEquals(0, mean, 0.002, e.getKey());
                assertEquals(0.02, std, 0.002, e.getKey());
            }
        }
    }

    @Test
    void valuesDependOnTheSeedNotOnTheSharding() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
        write(SHAPE, a, 3, 20_000);
        write(SHAPE, b, 3, RandomLlamaCheckpoint.DEFAULT_SHARD_BYTES);
        write(SHAPE, c, 4, 20_000);
        assertEquals(List.of("config.json", "model.safetensors"), listing(b), "one shard is one model.safetensors, no index");
        try (SafetensorsCheckpoint ca = SafetensorsCheckpoint.open(a); SafetensorsCheckpoint cb = SafetensorsCheckpoint.open(b);
             SafetensorsCheckpoint cc = SafetensorsCheckpoint.open(c)) {
            for (String name : ca.tensors().keySet()) {
                float[] va = ca.float32Tensors().get(name).floats();
                assertArrayEquals(va, cb.float32Tensors().get(name).floats(), name);
                if (!name.endsWith("layernorm.weight") && !name.equals("model.norm.weight")) {
                    assertFalse(java.util.Arrays.equals(va, cc.float32Tensors().get(name).floats()), "another seed: " + name);
                }
            }
        }
        assertEquals(Files.readString(a.resolve("config.json")), Files.readString(c.resolve("config.json")));
    }

    @Test
    void refusesAFolderWithFilesUnlessForced() throws IOException {
        Path out = dir.resolve("out");
        write(SHAPE, out, 1, 20_000);
        int shards = listing(out).size() - 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(SHAPE, out, 1, 20_000));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        Files.writeString(out.resolve("README.md"), "keep me");
        RandomLlamaCheckpoint.write(SHAPE, out, 1, 1_000_000_000L, true, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        assertEquals(List.of("README.md", "config.json", "model.safetensors"), listing(out), "the " + shards + " old shards are gone");
    }

    @Test
    void presetsHaveTheKnownParameterCounts() {
        assertEquals(1_100_048_384L, Shape.preset("tinyllama-1.1b").parameterCount());
        assertEquals(6_738_415_616L, Shape.preset("llama2-7b").parameterCount());
        Shape tl = Shape.preset("tinyllama-1.1b");
        assertEquals(List.of(2048L, 5632L, 22L, 32L, 4L, 32000L),
                List.of((long) tl.hidden(), (long) tl.intermediate(), (long) tl.layers(), (long) tl.heads(), (long) tl.kvHeads(),
                        (long) tl.vocab()));
        assertEquals(7, RandomLlamaCheckpoint.shard(Shape.preset("llama2-7b").parameters(), RandomLlamaCheckpoint.DEFAULT_SHARD_BYTES).size());
    }

    @Test
    void commandLine() {
        Options o = Options.parse("--preset", "llama2-7b", "--layers=2", "--out", "x", "--seed", "9", "--shard-bytes", "500MB");
        assertEquals(2, o.shape().layers());
        assertEquals(4096, o.shape().hidden());
        assertEquals(Path.of("x"), o.out());
        assertEquals(9, o.seed());
        assertEquals(500_000_000L, o.shardBytes());
        assertEquals(1L << 30, Options.bytes("1GiB"));
        assertEquals(2_000_000_000L, Options.bytes("2GB"));
        assertEquals(12345, Options.bytes("12345"));
        assertEquals(null, Options.parse("--help"));
        Options tiny = Options.parse("--out", "y");
        assertEquals(Shape.preset("tiny"), tiny.shape());
        assertEquals(RandomLlamaCheckpoint.DEFAULT_SHARD_BYTES, tiny.shardBytes());
        for (String[] bad : new String[][] {{"--preset", "llama3"}, {"--out", "y", "--heads", "5"}, {"--out", "y", "--bogus", "1"},
            {"--out", "y", "--shard-bytes", "lots"}, {"--layers", "2"}, {"--out", "y", "--vocab", "-3"}}) {
            assertThrows(IllegalArgumentException.class, () -> Options.parse(bad), String.join(" ", bad));
        }
        assertNotEquals(Shape.preset("tiny"), Shape.preset("llama2-7b"));
    }
}
