package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --model gpt2-tiny-generate --verify}: greedy decoding in an ONNX Loop, verified against eager Java. */
class ControlFlowCliTest {
    @TempDir Path tmp;

    @Test
    void gpt2TinyGenerateExportsAndVerifies() {
        var r = run("export", "--model", "gpt2-tiny-generate", "--verify", "-o", tmp.resolve("gen.onnx"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("sequences: ok") && r.out().contains("verified in"), r::toString);
        System.out.println(r.out());
    }
}
