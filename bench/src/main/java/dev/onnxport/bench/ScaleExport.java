package dev.onnxport.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportProgress;
import dev.onnxport.export.ExportReport;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Init;
import dev.onnxport.safetensors.SafetensorsFile;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import dev.onnxport.zoo.Gpt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Issue 7's scale run (not JMH: one export of many seconds): a GPT-2 XL-sized decoder ({@link #GPT2_XL},
 * 1.64B parameters with the untied head) exported with external data from weights memory-mapped out of a safetensors
 * file, under a small heap. Prints the export time, peak heap (sum of heap-pool peaks after a GC), output bytes,
 * and the time to open the result in ONNX Runtime and run it once on 8 tokens.
 *
 * <pre>java -Xmx2g -cp bench/target/benchmarks.jar dev.onnxport.bench.ScaleExport [xl|small] [weights.safetensors] [outDir]</pre>
 *
 * The weights (random, normal-like with std 0.02; LayerNorm weights 1, biases 0) are generated on the first run into
 * {@code bench/target/gpt2-<size>.safetensors} (6.6 GB for xl) and reused afterwards. The model is built with
 * {@link Init#withoutData}, so no random weights are ever on the heap, and {@code loadStateDict} puts the mapped
 * tensors in place. The output goes to {@code outDir} (default: a temporary folder) and is deleted at the end
 * unless {@code outDir} is given.
 */
public final class ScaleExport {
    private ScaleExport() {}

    /** GPT-2 XL ("1.5B") sizes; with the untied head 1,638,022,400 parameters (6.55 GB in float32). */
    static final Gpt.Config GPT2_XL = new Gpt.Config(50257, 1024, 1600, 48, 25);

    public static void main(String[] a) throws Exception {
        String size = a.length > 0 ? a[0] : "xl";
        Gpt.Config config = switch (size) {
            case "xl" -> GPT2_XL;
            case "small" -> Gpt.Config.GPT2;
            default -> throw new IllegalArgumentException("size is xl or small, not " + size);
        };
        Path weights = Path.of(a.length > 1 ? a[1] : "bench/target/gpt2-" + size + ".safetensors");
        boolean keep = a.length > 2;
        Path dir = keep ? Files.createDirectories(Path.of(a[2])) : ZooExport.tempDir();
        Path out = dir.resolve("gpt2-" + size + ".onnx");
        try {
            run(config, weights, out);
        } finally {
            if (!keep) ZooExport.delete(dir);
        }
    }

    private static void run(Gpt.Config config, Path weights, Path out) throws IOException, OrtException {
        Gpt model = Init.withoutData(() -> new Gpt(config));
        if (!Files.exists(weights)) {
            long t = System.nanoTime();
            generate(model.stateDict(), weights);
            System.out.printf("generated %s (%.1f GB) in %.1f s%n", weights, Files.size(weights) / 1e9, (System.nanoTime() - t) / 1e9);
        }
        long paramBytes;
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            model.loadStateDict(f.getAll());
        }
        model.eval();
        paramBytes = 0;
        for (Tensor t : model.stateDict().values()) paramBytes += t.numel() * t.dtype().byteSize();
        Tensor ids = Tensor.of(new long[64], 1, 64);
        ExportOptions o = ExportOptions.builder().opsetVersion(17).inputNames("idx").outputNames("output0")
                .dynamicAxes("idx", Map.of(0, "batch", 1, "seq")).shapeOnlyTrace(true).externalData(true).report(out.resolveSibling("report")).build();
        // -Dscale.progress=true: with a listener that counts its calls (what the command's progress bar costs)
        long[] heard = new long[3];
        if (Boolean.getBoolean("scale.progress")) {
            o = o.toBuilder().progress(new ExportProgress() {
                @Override public void phase(Phase p) { heard[0]++; }
                @Override public void bytes(long done, long total) { heard[1]++; heard[2] = done; }
            }).build();
        }
        long before = HeapPeaks.reset();
        long t = System.nanoTime();
        ExportReport r = OnnxExport.exportWithResult(model, new Tensor[] {ids}, out, o).report();
        double seconds = (System.nanoTime() - t) / 1e9;
        StringBuilder phases = new StringBuilder();
        r.phasesMs().forEach((k, v) -> phases.append(String.format(" %s=%.0f", k, v)));
        System.out.println("phases (ms):" + phases);
        if (Boolean.getBoolean("scale.progress")) {
            System.out.printf("progress listener: %d phases, %d byte counts, last %,d%n", heard[0], heard[1], heard[2]);
        }
        long peak = HeapPeaks.peak();
        long bytes = r.fileBytes();  // the model and its data file NAME.ID.data
        System.out.printf("export %.2f s | params %.2f GB (%d elements) | output %.2f GB (model %d bytes + data) | "
                        + "heap before %.0f MB, peak %.0f MB (%.3fx params), max heap %.0f MB%n",
                seconds, paramBytes / 1e9, model.parameterCount(), bytes / 1e9, Files.size(out),
                before / 1e6, peak / 1e6, (double) peak / paramBytes, Runtime.getRuntime().maxMemory() / 1e6);
        ortRun(out, config.vocab());
    }

    /** Opens the export in ONNX Runtime (basic optimizations, 2 threads) and runs 8 tokens once. */
    private static void ortRun(Path file, long vocab) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long t = System.nanoTime();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            so.setIntraOpNumThreads(2);
            try (OrtSession s = env.createSession(file.toString(), so)) {
                double open = (System.nanoTime() - t) / 1e9;
                long[][] tokens = {{464, 2068, 7586, 21831, 18045, 625, 262, 16931}};
                t = System.nanoTime();
                try (OnnxTensor in = OnnxTensor.createTensor(env, tokens); OrtSession.Result r = s.run(Map.of("idx", in))) {
                    float[][][] logits = (float[][][]) r.get(0).getValue();
                    double run = (System.nanoTime() - t) / 1e9;
                    boolean finite = true;
                    for (float v : logits[0][7]) finite &= Float.isFinite(v);
                    System.out.printf("ORT: session %.1f s, run of 8 tokens %.2f s, logits [%d, %d, %d], finite=%s%n",
                            open, run, logits.length, logits[0].length, logits[0][0].length, finite);
                    if (logits[0][0].length != vocab || !finite) throw new IllegalStateException("unexpected ORT output");
                }
            }
        }
    }

    /**
     * Writes a safetensors file with the names and shapes of {@code skeleton} (meta tensors), streaming values
     * chunk by chunk so that the heap never holds a weight: 1-D ".weight" (LayerNorm) 1, ".bias" 0, the rest
     * uniform with std 0.02. Written to a temporary file and moved into place, so a cut run leaves no cache.
     */
    static void generate(Map<String, Tensor> skeleton, Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : skeleton.entrySet()) {
            long bytes = e.getValue().numel() * 4;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", java.util.Arrays.stream(e.getValue().shape()).boxed().toList());
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), info);
            offset += bytes;
        }
        StringBuilder json = new StringBuilder(Json.write(header));
        while ((json.length() + 8) % 8 != 0) json.append(' ');
        byte[] head = json.toString().getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        SplittableRandom rng = new SplittableRandom(7);
        double bound = 0.02 * Math.sqrt(3);   // uniform on [-b, b) has std b / sqrt(3)
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            buf.putLong(head.length).put(head);
            for (Map.Entry<String, Tensor> e : skeleton.entrySet()) {
                boolean norm = e.getValue().dim() == 1 && e.getKey().endsWith(".weight");
                boolean bias = e.getKey().endsWith(".bias");
                for (long i = 0, n = e.getValue().numel(); i < n; i++) {
                    if (buf.remaining() < 4) drain(ch, buf);
                    buf.putFloat(norm ? 1f : bias ? 0f : (float) ((rng.nextDouble() * 2 - 1) * bound));
                }
            }
            drain(ch, buf);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
        buf.clear();
    }
}
