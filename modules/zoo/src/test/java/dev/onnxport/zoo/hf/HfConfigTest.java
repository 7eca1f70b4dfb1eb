package dev.onnxport.zoo.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.testing.Fixtures;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** HfConfig on the fixtures' config.json files and on broken copies. */
class HfConfigTest {
    @TempDir Path dir;

    @Test
    void llamaTiny() {
        HfConfig c = HfConfig.read(Fixtures.hf("llama-tiny"));
        assertEquals(Fixtures.hf("llama-tiny").resolve("config.json"), c.file());
        assertEquals(List.of("LlamaForCausalLM"), c.architectures());
        assertEquals("llama", c.modelType());
        assertEquals("LlamaForCausalLM", c.modelName());
        assertEquals(512, c.integer("vocab_size"));
        assertEquals(128, c.integer("hidden_size"));
        assertEquals(344, c.integer("intermediate_size"));
        assertEquals(3, c.integer("num_hidden_layers"));
        assertEquals(8, c.integer("num_attention_heads"));
        assertEquals(OptionalInt.of(2), c.optInteger("num_key_value_heads"));
        assertEquals(OptionalInt.empty(), c.optInteger("head_dim"));
        assertEquals(1e-6, c.real("rms_norm_eps"));
        assertEquals(10000.0, c.real("rope_theta"));
        assertEquals(256.0, c.real("max_position_embeddings"), "an integer reads as a number too");
        assertEquals(0.5, c.real("partial_rotary_factor", 0.5));
        assertFalse(c.bool("tie_word_embeddings", true));
        assertFalse(c.bool("attention_bias", true));
        assertTrue(c.bool("use_cache", true));
        assertEquals("silu", c.string("hidden_act", "gelu"));
        assertEquals("bfloat16", c.string("torch_dtype", null));
        assertTrue(c.has("bos_token_id"));
        assertFalse(c.has("head_dim"));
        assertEquals(List.of("architectures", "model_type", "vocab_size", "hidden_size", "intermediate_size",
                "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "max_position_embeddings", "rms_norm_eps",
                "rope_theta", "tie_word_embeddings", "hidden_act", "attention_bias", "torch_dtype", "bos_token_id", "eos_token_id"),
                List.copyOf(c.keys()), "file order");
        assertEquals(List.of("LlamaForCausalLM"), c.raw("architectures"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) c.raw("architectures")).clear());
        assertThrows(UnsupportedOperationException.class, () -> c.keys().clear());
    }

    @Test
    void gpt2NullsCountAsAbsent() {
        HfConfig c = HfConfig.read(Fixtures.hf("gpt2-hf-tiny"));
        assertEquals("gpt2", c.modelType());
        assertTrue(c.keys().contains("n_inner"));
        assertFalse(c.has("n_inner"));
        assertNull(c.raw("n_inner"));
        assertEquals(OptionalInt.empty(), c.optInteger("n_inner"));
        assertEquals(96, c.integer("n_embd"));
        assertEquals(1e-5, c.real("layer_norm_epsilon"));
        assertTrue(c.bool("tie_word_embeddings", false));
        assertEquals("gelu_new", c.string("activation_function", null));
        assertEquals("'n_inner' is null; GPT2LMHeadModel needs an integer here", tail(c, () -> c.integer("n_inner")));
    }

    @Test
    void everyFixtureReads() {
        for (String name : Fixtures.HF_MODELS) {
            HfConfig c = HfConfig.read(Fixtures.hf(name));
            assertEquals(1, c.architectures().size(), name);
            assertTrue(c.modelType() != null && !c.modelType().isEmpty(), name);
        }
        assertEquals(1e-12, HfConfig.read(Fixtures.hf("bert-hf-tiny")).real("layer_norm_eps"));
        assertEquals(1e6, HfConfig.read(Fixtures.hf("qwen2-tiny")).real("rope_theta"));
    }

    /** The message after "FILE: ", checking that it starts with the file and is one line. */
    private static String tail(HfConfig c, Executable call) {
        HfConfigException e = assertThrows(HfConfigException.class, call);
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith(c.file() + ": "), m);
        assertEquals(c.file(), e.file());
        return m.substring(c.file().toString().length() + 2);
    }

    /** A copy of llama-tiny's config edited by {@code edit}, read. */
    @SuppressWarnings("unchecked")
    private HfConfig edited(Consumer<Map<String, Object>> edit) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) Json.parse(
                Files.readString(Fixtures.hf("llama-tiny").resolve("config.json"))));
        edit.accept(m);
        Path folder = Files.createDirectories(dir.resolve("edited" + System.nanoTime()));
        Files.writeString(folder.resolve("config.json"), Json.write(m));
        return HfConfig.read(folder);
    }

    @Test
    void wrongOrMissingKeysNameTheFileTheKeyAndTheModel() throws IOException {
        HfConfig c = edited(m -> {
            m.remove("num_attention_heads");
            m.put("num_key_value_heads", null);
            m.put("hidden_size", "128");
            m.put("intermediate_size", 344.5);
            m.put("vocab_size", 5_000_000_000L);
            m.put("rope_theta", "1e4");
            m.put("tie_word_embeddings", "false");
            m.put("hidden_act", 3L);
        });
        assertEquals("'num_attention_heads' is missing; LlamaForCausalLM needs it", tail(c, () -> c.integer("num_attention_heads")));
        assertEquals("'num_key_value_heads' is null; LlamaForCausalLM needs an integer here",
                tail(c, () -> c.integer("num_key_value_heads")));
        assertEquals(OptionalInt.empty(), c.optInteger("num_key_value_heads"));
        assertEquals("'hidden_size' is \"128\" (a string), not an integer; LlamaForCausalLM needs an integer here",
                tail(c, () -> c.integer("hidden_size")));
        assertEquals("'hidden_size' is \"128\" (a string), not an integer; LlamaForCausalLM needs an integer here",
                tail(c, () -> c.optInteger("hidden_size")));
        assertEquals("'intermediate_size' is 344.5, not an integer; LlamaForCausalLM needs an integer here",
                tail(c, () -> c.integer("intermediate_size")));
        assertEquals("'vocab_size' is 5000000000, which does not fit a 32-bit integer; LlamaForCausalLM needs a smaller value",
                tail(c, () -> c.integer("vocab_size")));
        assertEquals("'rope_theta' is \"1e4\" (a string), not a number; LlamaForCausalLM needs a number here",
                tail(c, () -> c.real("rope_theta", 10000)));
        assertEquals("'rope_scaling' is missing; LlamaForCausalLM needs it", tail(c, () -> c.real("rope_scaling")));
        assertEquals("'tie_word_embeddings' is \"false\" (a string), not true or false",
                tail(c, () -> c.bool("tie_word_embeddings", false)));
        assertEquals("'hidden_act' is 3, not a string", tail(c, () -> c.string("hidden_act", "silu")));
        HfConfigException e = assertThrows(HfConfigException.class, () -> c.integer("num_attention_heads"));
        assertEquals("num_attention_heads", e.key());
        assertEquals("'num_key_value_heads' is 3, which does not divide num_attention_heads (8)",
                tail(c, () -> { throw c.fault("num_key_value_heads", "is 3, which does not divide num_attention_heads (8)"); }));
    }

    @Test
    void modelNameFallsBackToTheModelType() throws IOException {
        HfConfig noArch = edited(m -> m.remove("architectures"));
        assertEquals(List.of(), noArch.architectures());
        assertEquals("'x' is missing; llama needs it", tail(noArch, () -> noArch.integer("x")));
        HfConfig bare = edited(m -> { m.remove("architectures"); m.remove("model_type"); });
        assertNull(bare.modelType());
        assertEquals("'x' is missing; the model needs it", tail(bare, () -> bare.integer("x")));
        HfConfig badArch = edited(m -> m.put("architectures", "LlamaForCausalLM"));
        assertEquals("'architectures' is \"LlamaForCausalLM\" (a string), not a list of class names; write it as [\"LlamaForCausalLM\"]",
                tail(badArch, badArch::architectures));
    }

    @Test
    void folderWithoutAUsableConfig() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(empty + " has no config.json: not a Hugging Face model folder (expected config.json and model.safetensors "
                + "or model.safetensors.index.json)", message(empty));
        assertTrue(message(dir.resolve("absent")).endsWith(" does not exist; give a Hugging Face model folder (config.json and "
                + "model.safetensors or model.safetensors.index.json)"));
        assertTrue(message(Files.writeString(dir.resolve("plain"), "x")).contains(" is a file, not a folder"));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"vocab_size\": ", "is not valid JSON");
        bad.put("[1]", "is not a JSON object but [1] (a list)");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Path f = Files.createDirectories(dir.resolve("bad" + b.getValue().length()));
            Files.writeString(f.resolve("config.json"), b.getKey());
            String m = message(f);
            assertTrue(m.startsWith(f.resolve("config.json") + " " + b.getValue()), m);
        }
        Path binary = Files.createDirectories(dir.resolve("binary"));
        Files.write(binary.resolve("config.json"), new byte[] {'{', (byte) 0xfe, '}'});
        assertEquals(binary.resolve("config.json") + " is not valid UTF-8", message(binary));
        Path nested = Files.createDirectories(dir.resolve("nested").resolve("config.json"));
        assertTrue(message(nested.getParent()).contains("is not a regular file"));
    }

    private static String message(Path folder) {
        HfConfigException e = assertThrows(HfConfigException.class, () -> HfConfig.read(folder));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertNull(e.key());
        return e.getMessage();
    }
}
