package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.testing.Fixtures;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --hf} and {@code generate} as a user runs them: the export verifies against the folder's PyTorch
 * outputs, ONNX Runtime and the eager twin generate generate.json's tokens, and bad input is one line with nothing
 * written.
 */
class HfCommandsTest {
    @TempDir Path dir;

    @Test
    void exportVerifiesAndGenerateMatchesPyTorch() throws IOException {
        Path folder = Fixtures.hf("qwen2-tiny");
        Path out = dir.resolve("qwen2.onnx");
        CliTestSupport.Result r = CliTestSupport.run("export", "--hf", folder, "--opset", "17", "--verify", "-o", out);
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("generate.json 24 tokens: ok"), r.out());
        assertTrue(r.out().contains("io_past.safetensors present.1.value: ok"), r.out());
        assertTrue(r.out().contains("verified in onnxruntime"), r.out());

        @SuppressWarnings("unchecked")
        Map<String, Object> g = (Map<String, Object>) Json.parse(Files.readString(folder.resolve("generate.json")));
        List<String> prompts = ((List<?>) g.get("prompt_ids")).stream().map(HfCommandsTest::ids).toList();
        String want = ((List<?>) g.get("greedy_new_ids")).stream().map(HfCommandsTest::ids).collect(Collectors.joining("\n")) + "\n";
        CliTestSupport.Result ort = CliTestSupport.run("generate", out, "--prompt-ids", prompts.get(0), "--prompt-ids", prompts.get(1),
                "--max-new-tokens", "24");
        assertEquals(0, ort.code(), ort.err());
        assertEquals(want, ort.out().replace("\r", ""));
        CliTestSupport.Result eager = CliTestSupport.run("generate", "--eager", "--hf", folder, "--prompt-ids", prompts.get(0),
                "--prompt-ids", prompts.get(1), "--max-new-tokens", "24");
        assertEquals(0, eager.code(), eager.err());
        assertEquals(want, eager.out().replace("\r", ""));
    }

    @Test
    void noCacheExportsThePlainForward() {
        Path out = dir.resolve("gpt2.onnx");
        CliTestSupport.Result r = CliTestSupport.run("export", "--hf", Fixtures.hf("gpt2-hf-tiny"), "--no-cache", "--verify", "-o", out);
        assertEquals(0, r.code(), r.err() + r.out());
        assertFalse(r.out().contains("with cache"), r.out());
        assertTrue(r.out().contains("generate.json 24 tokens: ok"), r.out());
        CliTestSupport.Result gen = CliTestSupport.run("generate", out, "--prompt-ids", "1,2,3", "--max-new-tokens", "3");
        assertEquals(0, gen.code(), gen.err());
        assertEquals(3, gen.out().trim().split(",").length, gen.out());
    }

    @Test
    void promptIdOutsideTheVocabularyIsOneLine() {
        Path out = dir.resolve("llama.onnx");
        assertEquals(0, CliTestSupport.run("export", "--hf", Fixtures.hf("llama-tiny"), "-o", out).code());
        CliTestSupport.Result r = CliTestSupport.run("generate", out, "--prompt-ids", "5,512", "--max-new-tokens", "2");
        assertEquals(1, r.code(), r.out());
        assertEquals("onnxport: prompt id 512 is outside the vocabulary of " + out + " (0 to 511)", r.err().trim());
        assertEquals("", r.out());
        CliTestSupport.Result eager = CliTestSupport.run("generate", "--eager", "--hf", Fixtures.hf("llama-tiny"), "--prompt-ids", "600",
                "--max-new-tokens", "2");
        assertEquals(1, eager.code());
        assertTrue(eager.err().contains("prompt id 600 is outside the vocabulary"), eager.err());
    }

    @Test
    void badFoldersAreOneLineAndWriteNothing() throws IOException {
        Path noConfig = Files.createDirectories(dir.resolve("empty"));
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        try (Stream<Path> s = Files.list(Fixtures.hf("qwen2-tiny"))) {
            for (Path f : s.toList()) {
                if (!f.getFileName().toString().startsWith("model-00002")) Files.copy(f, broken.resolve(f.getFileName()));
            }
        }
        for (Path folder : List.of(noConfig, broken)) {
            Path out = dir.resolve("out.onnx");
            CliTestSupport.Result r = CliTestSupport.run("export", "--hf", folder, "-o", out);
            assertEquals(1, r.code(), r.out());
            assertEquals(1, r.err().trim().lines().count(), r.err());
            assertTrue(r.err().startsWith("onnxport: "), r.err());
            assertFalse(Files.exists(out), "an output was written for " + folder);
            try (Stream<Path> s = Files.list(dir)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("onnxport-tmp")), "temporaries left");
            }
        }
    }

    @Test
    void anOutputInsideTheFolderThatNamesAnInputIsRefused() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("copy"));
        try (Stream<Path> s = Files.list(Fixtures.hf("gpt2-hf-tiny"))) {
            for (Path f : s.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        byte[] before = Files.readAllBytes(copy.resolve("model.safetensors"));
        CliTestSupport.Result r = CliTestSupport.run("export", "--hf", copy, "-o", copy.resolve("model.safetensors"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("model.safetensors"), r.err());
        assertEquals(-1, java.util.Arrays.mismatch(before, Files.readAllBytes(copy.resolve("model.safetensors"))));
    }

    private static String ids(Object row) {
        return ((List<?>) row).stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
