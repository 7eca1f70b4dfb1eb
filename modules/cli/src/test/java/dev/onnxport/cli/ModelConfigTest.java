package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundled architecture at other sizes: {@code --config key=value} and a fixture's model.json {@code "config"} build
 * the GPT of those sizes (which {@code unknown model} used to refuse); bad keys and values are one line naming them.
 */
class ModelConfigTest {
    @TempDir Path dir;

    @Test
    void configFlagBuildsAnotherSizeAndVerifies() throws IOException {
        Path out = dir.resolve("gpt.onnx");
        CliTestSupport.Result r = CliTestSupport.run("export", "--model", "gpt2-tiny", "--config", "layers=3,d=96", "--config", "heads=6",
                "--verify", "-o", out);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("verified in onnxruntime"), r.out());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        TensorProto wte = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("wte.weight")).findFirst().orElseThrow();
        assertEquals(96, wte.getDims(1));
        assertTrue(m.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().startsWith("h.2.")), "three layers");
    }

    @Test
    void badKeysAndValuesNameThem() {
        CliTestSupport.Result unknown = CliTestSupport.run("export", "--model", "gpt2-tiny", "--config", "width=3", "-o", dir.resolve("a.onnx"));
        assertEquals(1, unknown.code(), unknown.toString());
        assertEquals("onnxport: gpt2-tiny has no hyper-parameter 'width'; it has vocab, ctx, d, layers, heads", unknown.err().strip());
        CliTestSupport.Result bad = CliTestSupport.run("export", "--model", "gpt2-tiny", "--config", "layers=two", "-o", dir.resolve("b.onnx"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("'layers' must be a int, got 'two'") || bad.err().contains("'layers'"), bad.err());
        CliTestSupport.Result none = CliTestSupport.run("export", "--model", "mlp", "--config", "layers=2", "-o", dir.resolve("c.onnx"));
        assertEquals(1, none.code());
        assertTrue(none.err().contains("mlp takes no hyper-parameters"), none.err());
        try (Stream<Path> s = list()) {
            assertFalse(s.anyMatch(p -> p.toString().endsWith(".onnx")), "nothing written");
        }
    }

    /** A fixture whose model.json gives the sizes: the twin is built at them (3 layers here, so the 2-layer weights do not fit). */
    @Test
    void fixtureConfigIsApplied() throws IOException {
        Path fx = Files.createDirectories(dir.resolve("tiny_gpt3"));
        try (Stream<Path> s = Files.list(CliTestSupport.model("tiny_gpt"))) {
            for (Path f : s.toList()) Files.copy(f, fx.resolve(f.getFileName()));
        }
        String json = Files.readString(fx.resolve("model.json"));
        Files.writeString(fx.resolve("model.json"), json.replaceFirst("\\{", "{\"config\": {\"layers\": 3},"));
        CliTestSupport.Result r = CliTestSupport.run("export", "--fixture", fx, "-o", dir.resolve("f.onnx"));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("h.2.") && r.err().contains("missing"), r.err());
        // --config overrides model.json: back at 2 layers the fixture's weights fit and PyTorch's outputs match
        CliTestSupport.Result ok = CliTestSupport.run("export", "--fixture", fx, "--config", "layers=2", "--verify", "-o", dir.resolve("g.onnx"));
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().contains("io.safetensors output0: ok"), ok.out());
    }

    private Stream<Path> list() {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
