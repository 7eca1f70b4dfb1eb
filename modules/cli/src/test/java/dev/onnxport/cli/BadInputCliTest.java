package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.run;
import static dev.onnxport.testing.OnnxFiles.addModel;
import static dev.onnxport.testing.OnnxFiles.initializer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.testing.BadInput;
import dev.onnxport.testing.OnnxFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad ONNX files through check, inspect and verify: exit code 1 and one line on stderr,
 * {@code onnxport: FILE: FAULT}, in bounded time, with nothing printed as a result and no file changed.
 * The reader-level catalogue (spi's BadModelFileCatalogueTest) has one case per fault; these show the command's face.
 */
class BadInputCliTest {
    @TempDir Path dir;

    @FunctionalInterface
    interface Setup {
        Path make(Path dir) throws IOException;
    }

    static Stream<Arguments> cases() {
        Setup truncated = d -> {
            byte[] b = addModel().toByteArray();
            return Files.write(d.resolve("truncated.onnx"), Arrays.copyOf(b, b.length - 4));
        };
        Setup nested = d -> Files.write(d.resolve("nested.onnx"), OnnxFiles.nestedIfBytes(100_000));
        Setup outside = d -> {
            Files.write(d.resolveSibling("secret.bin"), new byte[8]);
            return Files.write(d.resolve("outside.onnx"), addModel(OnnxFiles.external("w", new long[] {2},
                    Map.of("location", "../secret.bin"))).toByteArray());
        };
        Setup huge = d -> Files.write(d.resolve("huge.onnx"), addModel(initializer("w", new long[] {1L << 40}, new byte[8])).toByteArray());
        Setup escape = d -> {
            Path z = d.resolve("escape.zip");
            try (OutputStream o = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(o)) {
                zip.putNextEntry(new ZipEntry("../../evil.onnx"));
                zip.write(addModel().toByteArray());
                zip.closeEntry();
            }
            return z;
        };
        return Stream.of(
                Arguments.of("check", Named.of("truncated protobuf", truncated), faults("not an ONNX model: truncated or malformed protobuf")),
                Arguments.of("inspect", Named.of("truncated protobuf", truncated), faults("truncated or malformed protobuf")),
                Arguments.of("check", Named.of("100000 nested subgraphs", nested), faults("messages nest too deeply")),
                Arguments.of("inspect", Named.of("100000 nested subgraphs", nested), faults("messages nest too deeply")),
                Arguments.of("check", Named.of("external data outside the folder", outside), faults("'../secret.bin'", "leads out of the model's folder")),
                Arguments.of("verify", Named.of("external data outside the folder", outside), faults("'../secret.bin'", "leads out")),
                Arguments.of("inspect", Named.of("4 TB initializer", huge), faults("initializer 'w'", "past the limit of 2147483647 bytes")),
                Arguments.of("check", Named.of("zip entry escaping the folder", escape), faults("'../../evil.onnx'", "outside the archive's folder")),
                Arguments.of("verify", Named.of("zip entry escaping the folder", escape), faults("outside the archive's folder")));
    }

    private static String[] faults(String... f) { return f; }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void oneLineAndExitCodeOne(String command, Setup setup, String... fault) throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path file = setup.make(models);
        List<Object> args = command.equals("verify")
                ? List.of(command, file, "--fixture", CliTestSupport.model("mlp")) : List.of(command, file);
        Map<String, String> before = BadInput.snapshot(dir);
        CliTestSupport.Result r = assertTimeoutPreemptively(BadInput.BOUND, () -> run(args.toArray()));
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("onnxport: " + file + ": "), r::toString);
        for (String f : fault) assertTrue(r.err().contains(f), "lacks '" + f + "': " + r);
        assertEquals("", r.out(), r::toString);
        assertEquals(before, BadInput.snapshot(dir), "files changed");
    }

    /** A bad checkpoint given to export: one line naming it, exit code 1, and the model already at -o keeps its bytes. */
    @ParameterizedTest(name = "export --weights: {0}")
    @MethodSource("badWeights")
    void exportWithBadWeights(String name, byte[] weights, String fault) throws IOException {
        Path w = Files.write(dir.resolve("bad.safetensors"), weights);
        Path out = Files.write(dir.resolve("mlp.onnx"), new byte[] {1, 2, 3});
        Map<String, String> before = BadInput.snapshot(dir);
        CliTestSupport.Result r = assertTimeoutPreemptively(BadInput.BOUND,
                () -> run("export", "--model", "mlp", "--weights", w, "-o", out));
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("onnxport: " + w + ": ") && r.err().contains(fault), r::toString);
        assertEquals(before, BadInput.snapshot(dir), "files changed");
    }

    static Stream<Arguments> badWeights() {
        byte[] pastTheEnd = {100, 0, 0, 0, 0, 0, 0, 0, '{', '}'};
        byte[] json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}".getBytes(StandardCharsets.UTF_8);
        byte[] offsets = new byte[8 + json.length + 8];
        offsets[0] = (byte) json.length;
        System.arraycopy(json, 0, offsets, 8, json.length);
        return Stream.of(
                Arguments.of("header length past the end", pastTheEnd, "header length 100 runs past the end"),
                Arguments.of("offsets past the data", offsets, "data_offsets [0, 16]"));
    }
}
