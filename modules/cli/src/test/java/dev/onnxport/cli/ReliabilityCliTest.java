package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.export.ExportModes;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.ChildJvm;
import dev.onnxport.util.Names;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's catalogue at the command's face: signals, concurrent exports with external data, inputs truncated
 * while mapped, Unicode and long names with ONNX Runtime, standard output on a full disk, and a heap too small. What
 * only a process shows runs the command in JVMs of its own ({@link CliProcess}).
 */
class ReliabilityCliTest {
    @TempDir Path dir;
    @TempDir Path logs;

    private List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    // ---- defect 6: signals -------------------------------------------------------------------------------------

    /**
     * SIGTERM and Ctrl-C (SIGINT) while {@code check} extracts a zip archive: the extraction folder is removed, the
     * exit code is 143 or 130, and nothing like a stack trace is printed.
     */
    @Test
    void aSignalDuringCheckOfAnArchiveRemovesItsExtraction() throws Exception {
        Path zip = dir.resolve("big.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("model.onnx"));  // deflated zeros: a small archive that takes a while to extract
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 768; i++) z.write(zeros);
            z.closeEntry();
        }
        for (String signal : List.of("TERM", "INT")) {
            Path tmp = Files.createDirectories(dir.resolve("tmp-" + signal));
            Process p = CliProcess.start(logs, signal, ChildJvm.DEFAULT_SIGINT, List.of("-Djava.io.tmpdir=" + tmp), "check", zip.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (listing(tmp).isEmpty()) {
                if (!p.isAlive()) fail("check ended before extracting: " + CliProcess.finish(p, logs, signal, 10));
                if (System.nanoTime() > deadline) fail("check did not start extracting within 60 s");
                Thread.sleep(1);
            }
            assertTrue(listing(tmp).get(0).getFileName().toString().startsWith("onnxport-zip-" + p.pid() + "-"), listing(tmp)::toString);
            ChildJvm.signal(p, signal);
            CliProcess.Run r = CliProcess.finish(p, logs, signal, 60);
            assertEquals(signal.equals("TERM") ? 143 : 130, r.code(), r::toString);
            assertEquals(List.of(), listing(tmp), "the extraction folder is removed on SIG" + signal);
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
        }
    }

    /** What SIGKILL left in the system's temporary folder (no hook runs) goes when the command next starts. */
    @Test
    void theCommandSweepsWhatKilledRunsLeftWhenItStarts() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path stale = Files.createDirectories(tmp.resolve("onnxport-zip-" + ChildJvm.deadPid() + "-0123456789abcdef"));
        Files.write(stale.resolve("model.onnx"), new byte[1000]);
        Path live = Files.createDirectories(tmp.resolve("onnxport-zip-1-0123456789abcdef"));  // pid 1 lives
        CliProcess.Run r = CliProcess.run(logs, "ops", List.of("-Djava.io.tmpdir=" + tmp), "ops", "--opset", "17");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of(live), listing(tmp));
    }

    // ---- defect 7: concurrent exports with external data --------------------------------------------------------

    /**
     * Ten processes export the bundled mlp with ten different weights, --external-data and --verify, to one target at
     * once. Each verifies the bytes it wrote (its own temporary model and its own data file), so all ten pass and exit
     * 0; the target ends as one model and the one data file it refers to, computing what one of the ten weights give.
     */
    @Test
    void tenConcurrentExportsWithExternalDataLeaveOneConsistentPair() throws Exception {
        ModelFactory mlp = Models.get("mlp");
        Path inputs = Files.createDirectories(dir.resolve("weights"));
        Path out = Files.createDirectories(dir.resolve("out")).resolve("t.onnx");
        List<Map<String, Tensor>> weights = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Tensor> w = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : mlp.create().stateDict().entrySet()) {
                float[] v = e.getValue().floats();
                for (int j = 0; j < v.length; j++) v[j] = v[j] * (1 + i * 0.25f) + i * 0.01f;
                w.put(e.getKey(), Tensor.of(v, e.getValue().shape()));
            }
            weights.add(w);
            Safetensors.write(inputs.resolve("w" + i + ".safetensors"), w);
        }
        long t0 = System.nanoTime();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ps.add(CliProcess.start(logs, "export" + i, List.of(), List.of(), "export", "--model", "mlp", "--weights",
                    inputs.resolve("w" + i + ".safetensors").toString(), "--external-data", "--verify", "-o", out.toString()));
        }
        List<CliProcess.Run> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) runs.add(CliProcess.finish(ps.get(i), logs, "export" + i, 600));
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (CliProcess.Run r : runs) {
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("verified in onnxruntime"), r::toString);
        }
        List<Path> left = listing(out.getParent());
        assertEquals(2, left.size(), "one model and one data file: " + left);
        try (OnnxModel m = OnnxModelReader.read(out)) {
            assertEquals(List.of(), StructuralChecker.check(m.proto(), m.modelDir()));
            String location = m.proto().getGraph().getInitializerList().stream().filter(t -> t.getExternalDataCount() > 0)
                    .findFirst().orElseThrow().getExternalData(0).getValue();
            assertEquals(List.of(out, out.resolveSibling(location)), left);
        }
        // the pair computes what exactly one of the ten weights give
        RuntimeVerifier ort = ExportModes.verifier();
        Tensor x = mlp.exampleInputs()[0];
        float[] got = ort.run(out, Map.of(mlp.inputNames().get(0), x)).values().iterator().next().floats();
        int matches = 0;
        for (Map<String, Tensor> w : weights) {
            Module m = mlp.create();
            m.loadStateDict(w);
            m.eval();
            float[] want = Tensor.class.cast(m.invoke(x)).floats();
            double err = 0;
            for (int j = 0; j < want.length; j++) err = Math.max(err, Math.abs(want[j] - got[j]));
            if (err < 1e-3) matches++;
        }
        assertEquals(1, matches, "the model and its data come from one export");
        System.out.printf("ten concurrent --external-data --verify exports of mlp: %.1f s wall%n", seconds);
    }

    // ---- defect 8: an input truncated while mapped --------------------------------------------------------------

    /**
     * The --weights file is truncated as soon as the command has mapped it (a watcher thread reads this JVM's
     * mappings): one line naming the file, exit code 1, no JVM trace, and nothing written.
     */
    @Test
    void weightsTruncatedWhileMappedGiveOneLine() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assertTrue(Files.isReadable(maps), "needs Linux's /proc/self/maps to see when the file is mapped");
        ModelFactory f = Models.get("resnet18");
        Path weights = dir.resolve("resnet18.safetensors");
        Safetensors.write(weights, f.create().stateDict());
        Path out = dir.resolve("r.onnx");
        AtomicBoolean truncated = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            String name = weights.toAbsolutePath().toString();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (System.nanoTime() < deadline) {
                    if (Files.readString(maps).contains(name)) {
                        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
                            ch.truncate(0);
                        }
                        truncated.set(true);
                        return;
                    }
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        watcher.start();
        CliTestSupport.Result r = run("export", "--model", "resnet18", "--weights", weights, "-o", out);
        watcher.join();
        assertTrue(truncated.get(), "the weights were never seen mapped");
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("onnxport: " + Names.quote(weights.toAbsolutePath()) + ": changed while onnxport was reading it"),
                r::toString);
        assertEquals(List.of(weights), listing(dir), "no model and no temporary file");
    }

    // ---- defect 10: names, standard output, memory -------------------------------------------------------------

    /**
     * Paths with emoji (outside the BMP, which ONNX Runtime's Java API garbles) work end to end: export with
     * --verify, with and without external data, then check and verify, each opening the file in ONNX Runtime.
     */
    @Test
    void emojiPathsWorkInOnnxRuntime() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("models 🚀"));
        for (List<Object> extra : List.<List<Object>>of(List.of("--model", "mlp"), List.of("--model", "mlp", "--external-data"))) {
            Path out = folder.resolve("🚀 mlp" + extra.size() + ".onnx");
            List<Object> args = new ArrayList<>(List.of("export", "--verify", "-o", out));
            args.addAll(extra);
            CliTestSupport.Result r = run(args.toArray());
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("verified in onnxruntime"), r::toString);
            CliTestSupport.Result c = run("check", out);
            assertEquals(0, c.code(), c::toString);
            assertTrue(c.out().contains("opens it"), c::toString);
        }
    }

    /** {@code verify} (and export --verify against a fixture's outputs) on a file whose path holds emoji. */
    @Test
    void verifyWorksOnEmojiPaths() throws IOException {
        Path fixture = CliTestSupport.model("mlp");
        Path out = Files.createDirectories(dir.resolve("models 🚀")).resolve("🚀.onnx");
        CliTestSupport.Result r = run("export", "--fixture", fixture, "--external-data", "--verify", "-o", out);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("io.safetensors output0: ok"), r::toString);
        CliTestSupport.Result v = run("verify", out, "--fixture", fixture);
        assertEquals(0, v.code(), v::toString);
        assertTrue(v.out().contains("matches"), v::toString);
    }

    /**
     * Legal names of 230 to 255 bytes work, with external data and --verify: no temporary name (of the model, the
     * data file, ONNX Runtime's link or the divergence search) passes the file system's 255 bytes.
     */
    @Test
    void namesOf230To255BytesWork() throws IOException {
        for (String name : List.of("a".repeat(225) + ".onnx", "b".repeat(250) + ".onnx", "é".repeat(125) + ".onnx",
                "🚀".repeat(62) + ".onnx")) {
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes >= 230 && bytes <= 255, bytes + " bytes");
            Path out = dir.resolve(name);
            CliTestSupport.Result r = run("export", "--model", "mlp", "--external-data", "--verify", "-o", out);
            assertEquals(0, r.code(), () -> bytes + " bytes: " + r);
            assertTrue(r.out().contains("verified in onnxruntime"), r::toString);
            for (Path p : listing(dir)) {
                assertTrue(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= 255, p.toString());
            }
            assertEquals(2, listing(dir).size(), listing(dir)::toString);
            try (OnnxModel m = OnnxModelReader.read(out)) {
                assertEquals(List.of(), StructuralChecker.check(m.proto(), m.modelDir()));
            }
            for (Path p : listing(dir)) Files.delete(p);
        }
    }

    /** A result line that cannot be written (standard output on a full disk) is an error: exit 1, one line saying so. */
    @Test
    void aFullStandardOutputExitsNonZero() throws Exception {
        assertTrue(new File("/dev/full").exists(), "needs /dev/full");
        Process p = new ProcessBuilder(CliProcess.command(List.of(), List.of(), "ops", "--opset", "17"))
                .redirectOutput(new File("/dev/full")).redirectError(logs.resolve("full.err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(logs.resolve("full.err"));
        assertEquals(1, p.exitValue(), err);
        assertEquals("onnxport: " + Main.LOST_OUTPUT, err.strip());
    }

    /** A heap too small for the model: one line saying which limit to raise, exit 1, no trace, nothing written. */
    @Test
    void aHeapTooSmallIsOneLineSayingWhatToRaise() throws Exception {
        Path out = dir.resolve("r.onnx");
        CliProcess.Run r = CliProcess.run(logs, "oom", List.of("-Xmx48m"), "export", "--model", "resnet18", "-o", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("onnxport: out of memory: the Java heap limit (-Xmx, now "), r::toString);
        assertTrue(r.err().contains("ONNXPORT_JAVA_OPTS=-Xmx4g"), r::toString);
        assertEquals(List.of(), listing(dir), "nothing written");
    }
}
