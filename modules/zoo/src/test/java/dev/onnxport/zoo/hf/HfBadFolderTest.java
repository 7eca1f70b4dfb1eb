package dev.onnxport.zoo.hf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.safetensors.SafetensorsException;
import dev.onnxport.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken Hugging Face folders fail with one line that names what is wrong: the file, the key, the tensor, the shapes. */
class HfBadFolderTest {
    @TempDir Path tmp;

    private Path copy(String fixture) throws IOException {
        Path to = tmp.resolve(fixture);
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(Fixtures.hf(fixture))) {
            for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String s = Files.readString(file);
        assertTrue(s.contains(from), file + " lacks " + from);
        Files.writeString(file, s.replace(from, to));
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage();
        System.out.println(e.getClass().getSimpleName() + ": " + m);
        assertFalse(m.contains("\n"), "not one line: " + m);
        return m;
    }

    @Test
    void folderWithoutConfig() throws IOException {
        Path d = copy("llama-tiny");
        Files.delete(d.resolve("config.json"));
        String m = oneLine(assertThrows(HfConfigException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("config.json"), m);
    }

    @Test
    void sizesThatDisagreeWithTheWeightsNameTensorShapesAndKey() throws IOException {
        Path d = copy("llama-tiny");
        edit(d.resolve("config.json"), "\"intermediate_size\": 344", "\"intermediate_size\": 300");
        String m = oneLine(assertThrows(HfConfigException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("model.layers.0.mlp.gate_proj.weight"), m);
        assertTrue(m.contains("[344, 128]") && m.contains("[300, 128]"), m);
        assertTrue(m.contains("'intermediate_size' = 300"), m);
    }

    @Test
    void moreLayersThanTheWeightsHoldNamesTheLayerKey() throws IOException {
        Path d = copy("gpt2-hf-tiny");
        edit(d.resolve("config.json"), "\"n_layer\": 3", "\"n_layer\": 4");
        String m = oneLine(assertThrows(HfConfigException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("transformer.h.3.") && m.contains("'n_layer' = 4"), m);
    }

    @Test
    void missingShard() throws IOException {
        Path d = copy("qwen2-tiny");
        Files.delete(d.resolve("model-00002-of-00002.safetensors"));
        String m = oneLine(assertThrows(SafetensorsException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("model-00002-of-00002.safetensors"), m);
    }

    @Test
    void indexNamingATensorNoShardHolds() throws IOException {
        Path d = copy("qwen2-tiny");
        edit(d.resolve("model.safetensors.index.json"), "\"weight_map\": {", "\"weight_map\": {\"model.extra.weight\": \"model-00001-of-00002.safetensors\", ");
        String m = oneLine(assertThrows(SafetensorsException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("model.extra.weight"), m);
    }

    @Test
    void unknownArchitectureListsTheSupportedOnes() throws IOException {
        Path d = copy("llama-tiny");
        edit(d.resolve("config.json"), "\"LlamaForCausalLM\"", "\"FalconForCausalLM\"");
        String m = oneLine(assertThrows(HfConfigException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("FalconForCausalLM"), m);
        for (String a : HfModels.supported()) assertTrue(m.contains(a), m);
    }

    @Test
    void unsupportedValueNamesTheKey() throws IOException {
        Path d = copy("llama-tiny");
        edit(d.resolve("config.json"), "\"hidden_act\": \"silu\"", "\"hidden_act\": \"relu\"");
        String m = oneLine(assertThrows(HfConfigException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("'hidden_act'") && m.contains("relu"), m);
    }

    @Test
    void missingRequiredKey() throws IOException {
        Path d = copy("bert-hf-tiny");
        edit(d.resolve("config.json"), "\"num_attention_heads\": 4,", "");
        String m = oneLine(assertThrows(HfConfigException.class, () -> HfModels.load(d)));
        assertTrue(m.contains("'num_attention_heads'") && m.contains("missing"), m);
    }
}
