package dev.onnxport.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Each operator ONNX fuses at opset 23 on its own, at a decoder's shapes: onnxport's export of a chain of
 * {@code --chain} (16) {@code F.rmsNorm}, {@code F.rotaryEmbedding} or grouped-query {@code F.scaledDotProductAttention}
 * calls at opset 22 (the decomposition) and at opset 23 (the fused nodes), run interleaved in ONNX Runtime on the
 * same random inputs.
 * This is the per-operator half of the decision "keep the fused form only where it is not slower"; the whole
 * decoder is {@link DecoderLatency}. Not JMH, so that the two forms alternate within a round (see {@link OrtRounds}).
 *
 * <pre>java -Xmx2g -cp bench/target/benchmarks.jar dev.onnxport.bench.FusedOpLatency [--rounds 200] [--warmup 20]
 *      [--threads 2] [--hidden 1024] [--heads 16] [--kv-heads 4] [--prompt 128] [--chain 16]</pre>
 */
public final class FusedOpLatency {
    private FusedOpLatency() {}

    /** One operator at one sequence length: the module and its inputs (the first argument's shape is the case's). */
    private record Case(String name, Module module, Tensor[] inputs) {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = new HashMap<>(Map.of("--rounds", 200, "--warmup", 20, "--threads", 2, "--hidden", 1024,
                "--heads", 16, "--kv-heads", 4, "--prompt", 128, "--chain", 16));
        for (int i = 0; i < args.length; i += 2) {
            if (!o.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or valueless argument '" + args[i] + "'; options: " + o.keySet());
            }
            o.put(args[i], Integer.parseInt(args[i + 1]));
        }
        int hidden = o.get("--hidden"), heads = o.get("--heads"), kv = o.get("--kv-heads"), p = o.get("--prompt");
        int hd = hidden / heads, chain = o.get("--chain");
        SplittableRandom r = new SplittableRandom(11);
        List<Case> cases = new ArrayList<>();
        for (int len : new int[] {p, 1}) {
            String at = len == 1 ? "step (1 after " + p + ")" : "prompt " + p;
            int total = len == 1 ? p + 1 : p;
            cases.add(new Case("RMSNorm " + at, new RmsNorm(random(r, hidden), chain), new Tensor[] {random(r, 1, len, hidden)}));
            cases.add(new Case("Rotary " + at, new Rotary(chain), new Tensor[] {random(r, 1, heads, len, hd), random(r, 1, len, hd / 2),
                    random(r, 1, len, hd / 2)}));
            cases.add(new Case("Attention " + at, new Attention(chain), new Tensor[] {random(r, 1, heads, len, hd),
                    random(r, 1, kv, total, hd), random(r, 1, kv, total, hd), causal(len, total)}));
        }
        Path dir = Files.createTempDirectory("fused-op-latency");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try {
            System.out.printf(Locale.ROOT, "ONNX Runtime %s (ALL_OPT, %d intra-op threads): opset 22 (decomposed) against 23 "
                    + "(fused); hidden %d, heads %d, kv heads %d, head dim %d%n", env.getVersion(), o.get("--threads"), hidden,
                    heads, kv, hd);
            for (Case c : cases) time(env, dir, c, o.get("--threads"), o.get("--warmup"), o.get("--rounds"));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    private static void time(OrtEnvironment env, Path dir, Case c, int threads, int warmup, int rounds)
            throws OrtException, IOException {
        int[] opsets = {22, 23};
        String[] labels = new String[opsets.length];
        OrtSession[] sessions = new OrtSession[opsets.length];
        List<OnnxTensor> inputs = new ArrayList<>();
        try {
            for (Tensor t : c.inputs()) inputs.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape()));
            float[][] outs = new float[opsets.length][];
            for (int i = 0; i < opsets.length; i++) {
                Path f = dir.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "_") + "-" + opsets[i] + ".onnx");
                OnnxExport.export(c.module(), c.inputs(), f, ExportOptions.builder().opsetVersion(opsets[i]).build());
                labels[i] = "opset " + opsets[i] + " (" + OrtRounds.nodes(OrtRounds.opHistogram(f)) + " nodes)";
                sessions[i] = OrtRounds.session(env, f, threads);
            }
            OrtRounds.Times times = new OrtRounds.Times(labels);
            for (int round = 0; round < warmup + rounds; round++) {
                double[] ms = new double[opsets.length];
                for (int i : OrtRounds.order(round, opsets.length)) {
                    Map<String, OnnxTensor> in = new HashMap<>();
                    List<String> names = new ArrayList<>(sessions[i].getInputNames());
                    for (int k = 0; k < names.size(); k++) in.put(names.get(k), inputs.get(k));
                    long t0 = System.nanoTime();
                    try (OrtSession.Result res = sessions[i].run(in)) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                        if (round == 0) {
                            FloatBuffer b = ((OnnxTensor) res.get(0)).getFloatBuffer();
                            outs[i] = new float[b.remaining()];
                            b.get(outs[i]);
                        }
                    }
                }
                if (round >= warmup) times.add(ms);
            }
            times.print(c.name() + ", max |22 - 23| " + String.format(Locale.ROOT, "%.3g", DecoderLatency.maxDiff(outs[0], outs[1])), 0);
        } finally {
            for (OnnxTensor t : inputs) t.close();
            for (OrtSession s : sessions) if (s != null) s.close();
        }
    }

    private static Tensor random(SplittableRandom r, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return Tensor.of(a, shape);
    }

    /** The decoder twins' additive mask [1, 1, len, total]: query i (at position total - len + i) sees keys up to its position. */
    private static Tensor causal(int len, int total) {
        float[] m = new float[len * total];
        for (int i = 0; i < len; i++) {
            for (int j = 0; j < total; j++) m[i * total + j] = j <= total - len + i ? 0f : -Float.MAX_VALUE;
        }
        return Tensor.of(m, 1, 1, len, total);
    }

    // Each module applies its operator `chain` times in a row (the output feeding the next call, as layers do), so that
    // a run lasts long enough for ONNX Runtime's per-call overhead not to decide the comparison.

    private static final class RmsNorm extends Module {
        final Parameter weight;
        final int chain;

        RmsNorm(Tensor w, int chain) {
            weight = registerParameter("weight", w);
            this.chain = chain;
        }

        @Override
        public Object invoke(Tensor... in) {
            Tensor x = in[0];
            for (int i = 0; i < chain; i++) x = F.rmsNorm(x, new long[] {weight.get().size(0)}, weight.get(), 1e-6);
            return x;
        }
    }

    private static final class Rotary extends Module {
        final int chain;

        Rotary(int chain) { this.chain = chain; }

        @Override
        public Object invoke(Tensor... in) {
            Tensor x = in[0];
            for (int i = 0; i < chain; i++) x = F.rotaryEmbedding(x, in[1], in[2]);
            return x;
        }
    }

    /** The output [1, heads, L, d] is the next call's query; keys, values and the mask stay. */
    private static final class Attention extends Module {
        final int chain;

        Attention(int chain) { this.chain = chain; }

        @Override
        public Object invoke(Tensor... in) {
            Tensor q = in[0];
            for (int i = 0; i < chain; i++) q = F.scaledDotProductAttention(q, in[1], in[2], in[3], false, null, true);
            return q;
        }
    }
}
