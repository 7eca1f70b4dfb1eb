package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AttentionKvCache: a cache concatenated in front of the keys and values of a grouped-query attention goes into the
 * Attention node at opset 23 (past inputs, present outputs under the model's output names, no Concat left) and the
 * file gives the eager numbers in ONNX Runtime for a cache of 3 and an empty one; below 23, and where the pass
 * must not apply (causal, keys and values from one Concat), the Concats stay.
 */
class AttentionKvCacheTest {
    @TempDir Path dir;

    private static final long HEADS = 4, KV = 2, D = 8;

    /** The attention mask: none, one row per query ([1, 1, new, total]), or one row for all ([1, 1, 1, total]). */
    enum Mask { NONE, PER_QUERY, PADDING }

    /** (q, k, v, past_key, past_value[, mask]) to (y, present_key, present_value), as a decoder layer does. */
    private static final class CachedAttention extends Module {
        final boolean causal, masked;

        CachedAttention(boolean causal, Mask mask) {
            this.causal = causal;
            this.masked = mask != Mask.NONE;
        }

        @Override
        public Object invoke(Tensor... in) {
            Tensor k = F.cat(new Tensor[] {in[3], in[1]}, 2), v = F.cat(new Tensor[] {in[4], in[2]}, 2);
            Tensor y = F.scaledDotProductAttention(in[0], k, v, masked ? in[5] : null, causal, null, true);
            return new Tensor[] {y, k, v};
        }
    }

    private static Tensor random(SplittableRandom r, long... shape) {
        float[] a = new float[(int) java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return Tensor.of(a, shape);
    }

    /** Inputs for {@code fresh} new positions after a cache of {@code past}; the mask hides the first key. */
    private static Tensor[] inputs(long past, long fresh, Mask mask) {
        SplittableRandom r = new SplittableRandom(5 + past);
        long total = past + fresh;
        Tensor q = random(r, 1, HEADS, fresh, D), k = random(r, 1, KV, fresh, D), v = random(r, 1, KV, fresh, D);
        Tensor pk = random(r, 1, KV, past, D), pv = random(r, 1, KV, past, D);
        if (mask == Mask.NONE) return new Tensor[] {q, k, v, pk, pv};
        long rows = mask == Mask.PER_QUERY ? fresh : 1;
        float[] m = new float[(int) (rows * total)];
        m[0] = -Float.MAX_VALUE;
        return new Tensor[] {q, k, v, pk, pv, Tensor.of(m, 1, 1, rows, total)};
    }

    /** Cache and new lengths dynamic ("past", "new", "total") unless {@code past} >= 0, which fixes them in the file. */
    private Path export(Module m, int opset, Mask mask, long past) {
        List<String> names = mask != Mask.NONE ? List.of("q", "k", "v", "past_key", "past_value", "mask")
                : List.of("q", "k", "v", "past_key", "past_value");
        ExportOptions.Builder b = ExportOptions.builder().opsetVersion(opset).inputNames(names)
                .outputNames(List.of("y", "present_key", "present_value"));
        if (past < 0) {
            for (String n : List.of("q", "k", "v", "y")) b.dynamicAxes(n, Map.of(2, "new"));
            b.dynamicAxes("past_key", Map.of(2, "past")).dynamicAxes("past_value", Map.of(2, "past"))
                    .dynamicAxes("present_key", Map.of(2, "total")).dynamicAxes("present_value", Map.of(2, "total"));
            if (mask == Mask.PER_QUERY) b.dynamicAxes("mask", Map.of(2, "new", 3, "total"));
            if (mask == Mask.PADDING) b.dynamicAxes("mask", Map.of(3, "total"));
        }
        Path f = dir.resolve("cached-" + opset + "-" + mask + (past < 0 ? "-dyn" : "-" + past) + ".onnx");
        OnnxExport.export(m, inputs(past < 0 ? 3 : past, 2, mask), f, b.build());
        return f;
    }

    private static GraphProto graph(Path f) {
        try (OnnxModel m = OnnxModelReader.read(f)) {
            ModelProto p = m.proto();
            return p.getGraph();
        }
    }

    private static long count(GraphProto g, String op) {
        return g.getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    private static NodeProto attention(GraphProto g) {
        return g.getNodeList().stream().filter(n -> n.getOpType().equals("Attention")).findFirst().orElseThrow();
    }

    private static void runsLikeEager(Module m, Path f, Mask mask, long past, long fresh) {
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assumeTrue(ort != null, "no RuntimeVerifier on the class path");
        Tensor[] in = inputs(past, fresh, mask);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        String[] names = {"q", "k", "v", "past_key", "past_value", "mask"};
        for (int i = 0; i < in.length; i++) feeds.put(names[i], in[i]);
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise()).compare(f, feeds, m.invokeAll(in));
        assertTrue(r.passed(), f.getFileName() + " with " + fresh + " new after a cache of " + past + ":\n" + r.summary());
    }

    @Test
    void atOpset23TheCacheGoesIntoAttentionAndTheFileComputesTheEagerValues() {
        for (Mask mask : new Mask[] {Mask.PER_QUERY, Mask.NONE}) {
            Module m = new CachedAttention(false, mask);
            for (long past : new long[] {3, 0, -1}) {
                Path f = export(m, 23, mask, past);
                GraphProto g = graph(f);
                assertEquals(0, count(g, "Concat"), g.toString());
                NodeProto att = attention(g);
                assertEquals(6, att.getInputCount(), att.toString());
                assertEquals(mask == Mask.NONE ? "" : "mask", att.getInput(3));
                assertEquals(List.of("past_key", "past_value"), att.getInputList().subList(4, 6));
                assertEquals(List.of("y", "present_key", "present_value"), att.getOutputList());
                if (past >= 0) {
                    runsLikeEager(m, f, mask, past, 2);
                } else {
                    // one file for every length: a prompt (empty cache), a step, several new after a cache
                    runsLikeEager(m, f, mask, 0, 5);
                    runsLikeEager(m, f, mask, 4, 1);
                    runsLikeEager(m, f, mask, 3, 2);
                }
            }
        }
    }

    @Test
    void aMaskExpandedToTheConcatenatedLengthKeepsTheConcatsAndTheFileRuns() {
        // a [1, 1, 1, total] mask is expanded to [1, 1, new, total] with the keys' length read from the Concat:
        // moving the Concat into the Attention would make a cycle
        Module m = new CachedAttention(false, Mask.PADDING);
        Path f = export(m, 23, Mask.PADDING, -1);
        GraphProto g = graph(f);
        assertEquals(4, attention(g).getInputCount(), g.toString());   // no cache inside: the Concats stay
        assertEquals(1, count(g, "Expand"), g.toString());
        runsLikeEager(m, f, Mask.PADDING, 0, 5);
        runsLikeEager(m, f, Mask.PADDING, 4, 1);
    }

    @Test
    void below23AndWhereThePassMustNotApplyTheConcatsStay() {
        Module plain = new CachedAttention(false, Mask.PER_QUERY);
        assertEquals(2, count(graph(export(plain, 22, Mask.PER_QUERY, 3)), "Concat"));
        Module causal = new CachedAttention(true, Mask.NONE);
        GraphProto g = graph(export(causal, 23, Mask.NONE, 3));
        assertEquals(2, count(g, "Concat"), g.toString());
        assertEquals(3, attention(g).getInputCount());
    }
}
