package dev.onnxport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.bench.RandomLlamaCheckpoint.Shape;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.zoo.hf.HfModel;
import dev.onnxport.zoo.hf.HfModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DecoderLatency on a tiny random Llama exported at opsets 17 and 23: both files run the prompt and the cached step,
 * their logits agree (the same weights through the decomposed and the fused operators), and the histograms show the
 * fused operators at 23 only. The times themselves are not asserted (bench/README holds the measured figures).
 */
class DecoderLatencyTest {
    @TempDir Path dir;

    private static final Shape SHAPE = new Shape(96, 64, 80, 2, 4, 2, 16, 64, 1e-6, 10000.0);

    private Path export(HfModel hf, int opset) {
        Path f = dir.resolve("llama-" + opset + ".onnx");
        ExportOptions.Builder b = ExportOptions.builder().opsetVersion(opset).inputNames(hf.inputNames(true))
                .outputNames(hf.outputNames(true));
        hf.dynamicAxes(true).forEach(b::dynamicAxes);
        OnnxExport.export(hf.module(), hf.exampleInputs(true), f, b.build());
        return f;
    }

    @Test
    void opset17And23ExportsOfOneCheckpointGiveTheSameLogitsAndTheFusedOperatorsOnlyAt23() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        RandomLlamaCheckpoint.write(SHAPE, ckpt, 3, 2_000_000_000L, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Map<String, Path> files = new LinkedHashMap<>();
        try (HfModel hf = HfModels.load(ckpt)) {
            files.put("17", export(hf, 17));
            files.put("23", export(hf, 23));
        }
        DecoderLatency.Result r = DecoderLatency.measure(files, 7, 1, 1, 2);

        assertEquals(2, r.promptTimes().rounds.size());
        for (int c = 0; c < 2; c++) {
            for (double ms : r.promptTimes().of(c)) assertTrue(ms > 0, "prompt time " + ms);
            for (double ms : r.stepTimes().of(c)) assertTrue(ms > 0, "step time " + ms);
        }
        assertEquals(0.0, r.promptDiff()[0]);
        assertTrue(r.promptDiff()[1] < 1e-4, "prompt logits differ by " + r.promptDiff()[1]);
        assertTrue(r.stepDiff()[1] < 1e-4, "step logits differ by " + r.stepDiff()[1]);

        Map<String, Integer> at17 = r.histograms().get(0), at23 = r.histograms().get(1);
        for (String fused : new String[] {"Attention", "RMSNormalization", "RotaryEmbedding"}) {
            assertFalse(at17.containsKey(fused), fused + " at opset 17: " + at17);
        }
        assertEquals(SHAPE.layers(), at23.get("Attention"));
        assertEquals(2 * SHAPE.layers() + 1, at23.get("RMSNormalization"));
        assertEquals(2 * SHAPE.layers(), at23.get("RotaryEmbedding"));
        assertTrue(OrtRounds.nodes(at23) < OrtRounds.nodes(at17), at23 + " vs " + at17);
    }

    @Test
    void aFileWithoutTheCacheInputsIsRefusedNamingItsInputs() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        RandomLlamaCheckpoint.write(SHAPE, ckpt, 3, 2_000_000_000L, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path f = dir.resolve("no-cache.onnx");
        try (HfModel hf = HfModels.load(ckpt)) {
            ExportOptions.Builder b = ExportOptions.builder().opsetVersion(17).inputNames(hf.inputNames(false))
                    .outputNames(hf.outputNames(false));
            OnnxExport.export(hf.module(), hf.exampleInputs(false), f, b.build());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecoderLatency.measure(Map.of("plain", f), 5, 1, 0, 1));
        assertTrue(e.getMessage().startsWith("plain has inputs [input_ids, attention_mask"), e.getMessage());
    }

    @Test
    void pairedRatiosAndMediansOverRounds() {
        OrtRounds.Times t = new OrtRounds.Times(new String[] {"a", "b"});
        t.add(new double[] {10, 5});
        t.add(new double[] {20, 30});
        t.add(new double[] {40, 20});
        assertEquals(20, OrtRounds.median(t.of(0)));
        assertEquals(20, OrtRounds.median(t.of(1)));
        // paired within each round: 0.5, 1.5, 0.5
        assertEquals(0.5, OrtRounds.median(t.ratio(1, 0)));
        assertEquals(0.5, OrtRounds.min(t.ratio(1, 0)));
        assertEquals(25, OrtRounds.median(new double[] {40, 10, 30, 20}));
        assertEquals(java.util.List.of(2, 0, 1), java.util.Arrays.stream(OrtRounds.order(2, 3)).boxed().toList());
    }
}
