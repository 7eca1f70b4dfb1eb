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
        Setup fifo = d -> BadInput.fifo(d.resolve("pipe.onnx"));
        return Stream.of(
                Arguments.of("check", Named.of("named pipe", fifo), faults("is a FIFO, device or socket")),
                Arguments.of("inspect", Named.of("named pipe", fifo), faults("is a FIFO, device or socket")),
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

    /**
     * Outputs that would replace the export's own inputs (the weights, the fixture's files) or one another, or a
     * file that is not a regular file: refused before anything is read or written, one line naming both paths,
     * exit code 1, every file as it was.
     */
    @ParameterizedTest(name = "export {0}")
    @MethodSource("overlaps")
    void exportNeverReplacesItsInputs(String name, List<String> args, String... fault) throws IOException {
        Path fx = Files.createDirectories(dir.resolve("fx"));
        try (Stream<Path> s = Files.list(CliTestSupport.model("mlp"))) {
            for (Path p : (Iterable<Path>) s::iterator) Files.copy(p, fx.resolve(p.getFileName()));
        }
        Files.copy(fx.resolve("weights.safetensors"), dir.resolve("w.safetensors"));
        Files.copy(fx.resolve("weights.safetensors"), dir.resolve("wj.json"));
        Files.createSymbolicLink(dir.resolve("link.onnx"), dir.resolve("w.safetensors"));
        Files.createLink(dir.resolve("hard.onnx"), fx.resolve("model.json"));
        BadInput.fifo(dir.resolve("pipe.onnx"));
        Files.write(dir.resolve("m.onnx"), new byte[] {1, 2, 3});
        Map<String, String> before = BadInput.snapshot(dir);
        List<String> full = new java.util.ArrayList<>(List.of("export"));
        for (String a : args) full.add(a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a);
        CliTestSupport.Result r = assertTimeoutPreemptively(BadInput.BOUND, () -> run(full.toArray()));
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("onnxport: "), r::toString);
        for (String f : fault) assertTrue(r.err().contains(f), "lacks '" + f + "': " + r);
        assertEquals(before, BadInput.snapshot(dir), "files changed");
    }

    static Stream<Arguments> overlaps() {
        return Stream.of(
                Arguments.of("-o the --weights file", List.of("--model", "mlp", "--weights", "@w.safetensors", "-o", "@w.safetensors"),
                        faults("the output", "is the --weights file", "w.safetensors")),
                Arguments.of("-o a link to the --weights file", List.of("--model", "mlp", "--weights", "@w.safetensors", "-o", "@link.onnx"),
                        faults("the output", "link.onnx", "is the --weights file")),
                Arguments.of("-o the fixture's weights", List.of("--fixture", "@fx", "-o", "@fx/weights.safetensors"),
                        faults("is the fixture's weights.safetensors")),
                Arguments.of("-o the fixture's model.json", List.of("--fixture", "@fx", "-o", "@fx/model.json"),
                        faults("is the fixture's model.json")),
                Arguments.of("-o a hard link to the fixture's model.json", List.of("--fixture", "@fx", "--format", "zip", "-o", "@hard.onnx"),
                        faults("hard.onnx", "is the fixture's model.json")),
                Arguments.of("--report the fixture's model.json", List.of("--fixture", "@fx", "--report", "@fx/model.json", "-o", "@m.onnx"),
                        faults("the report", "is the fixture's model.json")),
                Arguments.of("--report whose .json is the --weights file", List.of("--model", "mlp", "--weights", "@wj.json",
                        "--report", "@wj", "-o", "@m.onnx"), faults("the report", "wj.json is the --weights file")),
                Arguments.of("--report equal to -o", List.of("--model", "mlp", "--report", "@m.onnx", "-o", "@m.onnx"),
                        faults("the report path", "is the output path")),
                Arguments.of("--report whose .json is -o", List.of("--model", "mlp", "--report", "@m", "-o", "@m.json"),
                        faults("the report", "is the output")),
                Arguments.of("-o a named pipe", List.of("--model", "mlp", "-o", "@pipe.onnx"),
                        faults("pipe.onnx is a FIFO, device or socket")),
                Arguments.of("--weights a named pipe", List.of("--model", "mlp", "--weights", "@pipe.onnx", "-o", "@m.onnx"),
                        faults("pipe.onnx is a FIFO, device or socket", "--weights")),
                Arguments.of("--weights a folder", List.of("--model", "mlp", "--weights", "@fx", "-o", "@m.onnx"),
                        faults("fx is a folder", "--weights")),
                Arguments.of("-o ''", List.of("--model", "mlp", "-o", ""), faults("the output path is empty")));
    }

    /**
     * Weights holding NaN: a warning when they load, and --verify fails although eager and ONNX Runtime agree
     * (NaN equal to NaN proves nothing), unless --allow-nonfinite; then it passes because both sides agree.
     */
    @org.junit.jupiter.api.Test
    void verifyFailsOnNanWeightsUnlessAllowed() throws IOException {
        Map<String, dev.onnxport.tensor.Tensor> w = new java.util.LinkedHashMap<>(
                dev.onnxport.safetensors.Safetensors.read(CliTestSupport.model("mlp").resolve("weights.safetensors")));
        // the last layer's bias: NaN in one output column on both sides, with no activation after it
        String first = w.keySet().stream().filter(k -> k.endsWith("bias")).reduce((a, b) -> b).orElseThrow();
        float[] nan = new float[(int) w.get(first).numel()];
        for (int i = 0; i < nan.length; i++) nan[i] = (float) w.get(first).getDoubleFlat(i);
        nan[0] = Float.NaN;
        w.put(first, dev.onnxport.tensor.Tensor.of(nan, w.get(first).shape()));
        Path weights = dir.resolve("nan.safetensors");
        dev.onnxport.safetensors.Safetensors.write(weights, w);
        Path out = dir.resolve("nan.onnx");
        CliTestSupport.Result r = run("export", "--model", "mlp", "--weights", weights, "--verify", "-o", out);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("onnxport: warning: the weights hold 1 NaN or infinite value(s), in '"
                + first + "'"), r::toString);
        assertTrue(r.out().contains("NaN or infinity") && r.out().contains("verification FAILED"), r::toString);
        CliTestSupport.Result allowed = run("export", "--model", "mlp", "--weights", weights, "--verify",
                "--allow-nonfinite", "-o", out);
        assertEquals(0, allowed.code(), allowed::toString);
        assertTrue(allowed.out().contains("verified in"), allowed::toString);
        // without --verify the check runs beside the export, and its warning comes after the export's line
        CliTestSupport.Result plain = run("export", "--model", "mlp", "--weights", weights, "-o", out);
        assertEquals(0, plain.code(), plain::toString);
        assertTrue(plain.out().contains("exported mlp"), plain::toString);
        assertTrue(plain.err().contains("onnxport: warning: the weights hold 1 NaN or infinite value(s), in '"
                + first + "'"), plain::toString);
    }

    /** A result line lost on a full stdout (or a closed pipe) is an error, not exit 0. */
    @org.junit.jupiter.api.Test
    void aLostStatusLineIsAnError() {
        java.io.StringWriter err = new java.io.StringWriter();
        OutputStream full = new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("No space left on device"); }
        };
        int code = Main.run(new java.io.PrintWriter(full, true), new java.io.PrintWriter(err, true), "ops");
        assertEquals(1, code, err::toString);
        assertEquals("onnxport: " + Main.LOST_OUTPUT, err.toString().strip());
    }

    /** User-supplied names reach messages with control characters escaped, and a huge one shortened. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileNames")
    void namesAreEscapedAndShortened(String what, List<String> args, String shown) {
        Path out = dir.resolve("m.onnx");
        List<String> full = new java.util.ArrayList<>(args);
        full.add("-o");
        full.add(out.toString());
        CliTestSupport.Result r = assertTimeoutPreemptively(BadInput.BOUND, () -> run(full.toArray()));
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains(shown), r::toString);
        assertTrue(r.err().chars().noneMatch(c -> c < 0x20 && c != '\n'), "raw control characters: " + r);
        assertTrue(r.err().length() < 2_000, "message of " + r.err().length() + " characters");
        assertTrue(Files.notExists(out));
    }

    static Stream<Arguments> hostileNames() {
        String huge = "m".repeat(1 << 20);
        return Stream.of(
                Arguments.of("model name with a newline and an escape sequence", List.of("export", "--model", "a\nb\u001b[31mc"),
                        "unknown model 'a\\nb\\x1b[31mc'"),
                Arguments.of("1 MB model name", List.of("export", "--model", huge), "(1048576 characters)"),
                Arguments.of("--dynamic twice for one axis", List.of("export", "--model", "mlp", "--dynamic", "x:0=batch",
                        "--dynamic", "x:0=n\u0007"), "--dynamic gives axis 0 of input 'x' twice ('batch' and 'n\\x07'); give each axis once"));
    }
}
