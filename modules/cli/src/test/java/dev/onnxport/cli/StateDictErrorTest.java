package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights of another model: counts, then the first few keys of each kind on their own lines, never one huge line. */
class StateDictErrorTest {
    @TempDir Path dir;

    @Test
    void wrongWeightsGiveCountsAndTheFirstFewKeys() {
        Path out = dir.resolve("x.onnx");
        CliTestSupport.Result r = CliTestSupport.run("export", "--model", "gpt2-tiny", "--weights",
                CliTestSupport.model("mlp").resolve("weights.safetensors"), "-o", out);
        assertEquals(1, r.code(), r.toString());
        List<String> lines = r.errLines();
        assertTrue(lines.get(0).matches("onnxport: Error\\(s\\) in loading state dict for Gpt: \\d+ missing, \\d+ unexpected"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  missing keys: ") && l.contains("... and ")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  unexpected keys: fc1.bias, fc1.weight")), r.err());
        assertTrue(lines.size() <= 5, r.err());
        for (String l : lines) assertTrue(l.length() < 300, "line of " + l.length() + " characters: " + l);
        assertFalse(Files.exists(out));
    }
}
