package dev.onnxport.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * ONNX Runtime latency of decoder exports with a key/value cache (Optimum's names: {@code input_ids},
 * {@code attention_mask}, {@code position_ids}, {@code past_key_values.N.key|value} in, {@code logits},
 * {@code present.N.key|value} out), interleaved: each round runs, for every file in turn, a prompt of
 * {@code --prompt} tokens with an empty cache and then one cached decoding step fed with that prompt's presents.
 * Not JMH, so that the files alternate within a round (see {@link OrtRounds}). It also prints each file's node count
 * and fused-operator counts, and how far each file's logits are from the first file's (same weights expected).
 *
 * <pre>java -Xmx4g -cp bench/target/benchmarks.jar dev.onnxport.bench.DecoderLatency [--prompt 128] [--rounds 20]
 *      [--warmup 3] [--threads 2] LABEL=FILE.onnx LABEL=FILE.onnx ...</pre>
 * The first file is the baseline of the ratios.
 */
public final class DecoderLatency {
    private DecoderLatency() {}

    private static final String USAGE = "usage: DecoderLatency [--prompt N] [--rounds N] [--warmup N] [--threads N] LABEL=FILE.onnx...";

    /** Operators worth listing per file: the fused ones of opset 23 and what their decompositions are made of. */
    private static final List<String> LISTED = List.of("Attention", "RMSNormalization", "RotaryEmbedding", "MatMul", "Softmax",
            "ReduceMean", "Pow", "Sqrt", "Mul", "Add", "Concat", "Slice", "Gather", "Transpose", "Reshape", "Expand");

    public static void main(String[] args) throws Exception {
        int prompt = 128, rounds = 20, warmup = 3, threads = 2;
        Map<String, Path> files = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--prompt" -> prompt = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    int eq = a.indexOf('=');
                    if (eq <= 0 || a.startsWith("--")) throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
                    Path f = Path.of(a.substring(eq + 1));
                    if (!Files.isRegularFile(f)) throw new IllegalArgumentException(f + " is not a file (from '" + a + "')");
                    files.put(a.substring(0, eq), f);
                }
            }
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no files given\n" + USAGE);
        if (prompt < 1 || rounds < 1 || warmup < 0 || threads < 1) {
            throw new IllegalArgumentException("--prompt, --rounds and --threads must be at least 1 and --warmup at least 0\n" + USAGE);
        }
        measure(files, prompt, threads, warmup, rounds).print();
    }

    /**
     * One measurement: per file (in the order given) its op histogram, the prompt's and the step's times per round,
     * and the largest difference of its logits (prompt: every position; step) from the first file's.
     */
    record Result(String ortVersion, int threads, int prompt, String[] labels, List<Map<String, Integer>> histograms,
                  OrtRounds.Times promptTimes, OrtRounds.Times stepTimes, double[] promptDiff, double[] stepDiff) {
        void print() {
            System.out.printf(Locale.ROOT, "ONNX Runtime %s (ALL_OPT, %d intra-op threads), batch 1, prompt %d tokens, then one "
                    + "cached step%n", ortVersion, threads, prompt);
            System.out.printf(Locale.ROOT, "  %-24s %6s   %s%n", "file", "nodes", "listed operators");
            for (int c = 0; c < labels.length; c++) {
                Map<String, Integer> h = histograms.get(c);
                StringBuilder b = new StringBuilder();
                for (String op : LISTED) if (h.containsKey(op)) b.append(b.length() == 0 ? "" : ", ").append(op).append(' ').append(h.get(op));
                System.out.printf(Locale.ROOT, "  %-24s %6d   %s%n", labels[c], OrtRounds.nodes(h), b);
            }
            promptTimes.print("prompt of " + prompt + " tokens", 0);
            stepTimes.print("cached step (1 token after " + prompt + ")", 0);
            System.out.println("max |logits - " + labels[0] + "'s|: prompt (all positions), step");
            for (int c = 1; c < labels.length; c++) {
                System.out.printf(Locale.ROOT, "  %-24s %.3g, %.3g%n", labels[c], promptDiff[c], stepDiff[c]);
            }
        }
    }

    /** Sessions for {@code files} (label to file), then {@code warmup} untimed and {@code rounds} timed rounds. */
    static Result measure(Map<String, Path> files, int prompt, int threads, int warmup, int rounds) throws OrtException {
        try (Run r = new Run(files, prompt, threads)) {
            return r.measure(warmup, rounds);
        }
    }

    private static final class Run implements AutoCloseable {
        final OrtEnvironment env = OrtEnvironment.getEnvironment();
        final String[] labels;
        final List<OrtSession> sessions = new ArrayList<>();
        final List<Map<String, Integer>> histograms = new ArrayList<>();
        final int prompt, threads;
        final long[] ids;

        Run(Map<String, Path> files, int prompt, int threads) throws OrtException {
            this.labels = files.keySet().toArray(String[]::new);
            this.prompt = prompt;
            this.threads = threads;
            long vocab = Long.MAX_VALUE;
            for (Map.Entry<String, Path> f : files.entrySet()) {
                histograms.add(OrtRounds.opHistogram(f.getValue()));
                OrtSession s = OrtRounds.session(env, f.getValue(), threads);
                sessions.add(s);
                vocab = Math.min(vocab, requireDecoder(f.getKey(), s));
            }
            // the same token ids for every file, below the smallest vocabulary
            ids = new SplittableRandom(7).longs(prompt + 1, 0, Math.min(vocab, 1000)).toArray();
        }

        Result measure(int warmup, int rounds) throws OrtException {
            int n = sessions.size();
            float[][] promptLogits = new float[n][], stepLogits = new float[n][];
            OrtRounds.Times promptTimes = new OrtRounds.Times(labels), stepTimes = new OrtRounds.Times(labels);
            for (int round = 0; round < warmup + rounds; round++) {
                double[] p = new double[n], s = new double[n];
                for (int c : OrtRounds.order(round, n)) {
                    double[] t = promptThenStep(c, round == 0 ? promptLogits : null, round == 0 ? stepLogits : null);
                    p[c] = t[0];
                    s[c] = t[1];
                }
                if (round >= warmup) {
                    promptTimes.add(p);
                    stepTimes.add(s);
                }
            }
            double[] promptDiff = new double[n], stepDiff = new double[n];
            for (int c = 0; c < n; c++) {
                promptDiff[c] = maxDiff(promptLogits[c], promptLogits[0]);
                stepDiff[c] = maxDiff(stepLogits[c], stepLogits[0]);
            }
            return new Result(env.getVersion(), threads, prompt, labels, histograms, promptTimes, stepTimes, promptDiff, stepDiff);
        }

        @Override
        public void close() throws OrtException {
            for (OrtSession s : sessions) s.close();
        }

        /** Milliseconds of the prompt run and of the step run of session {@code c}; logits kept when arrays are given. */
        double[] promptThenStep(int c, float[][] promptLogits, float[][] stepLogits) throws OrtException {
            OrtSession s = sessions.get(c);
            List<OnnxTensor> own = new ArrayList<>();
            try {
                Map<String, OnnxTensor> in = new HashMap<>();
                long[] all = new long[prompt];
                System.arraycopy(ids, 0, all, 0, prompt);
                in.put("input_ids", longs(own, all, 1, prompt));
                in.put("attention_mask", longs(own, ones(prompt), 1, prompt));
                in.put("position_ids", longs(own, range(0, prompt), 1, prompt));
                for (Map.Entry<String, NodeInfo> e : s.getInputInfo().entrySet()) {
                    if (!e.getKey().startsWith("past_key_values.")) continue;
                    long[] shape = ((TensorInfo) e.getValue().getInfo()).getShape();
                    in.put(e.getKey(), floats(own, new float[0], 1, shape[1], 0, shape[3]));
                }
                requireInputs(s, in, c);
                long t0 = System.nanoTime();
                try (OrtSession.Result first = s.run(in)) {
                    double promptMs = (System.nanoTime() - t0) / 1e6;
                    if (promptLogits != null) promptLogits[c] = logits(first);
                    Map<String, OnnxTensor> next = new HashMap<>();
                    next.put("input_ids", longs(own, new long[] {ids[prompt]}, 1, 1));
                    next.put("attention_mask", longs(own, ones(prompt + 1), 1, prompt + 1));
                    next.put("position_ids", longs(own, new long[] {prompt}, 1, 1));
                    for (Map.Entry<String, OnnxValue> e : first) {
                        if (e.getKey().startsWith("present.")) {
                            next.put("past_key_values." + e.getKey().substring("present.".length()), (OnnxTensor) e.getValue());
                        }
                    }
                    requireInputs(s, next, c);
                    long t1 = System.nanoTime();
                    try (OrtSession.Result second = s.run(next)) {
                        double stepMs = (System.nanoTime() - t1) / 1e6;
                        if (stepLogits != null) stepLogits[c] = logits(second);
                        return new double[] {promptMs, stepMs};
                    }
                }
            } finally {
                for (OnnxTensor t : own) t.close();
            }
        }

        /** The vocabulary size (logits' last dim) of a decoder export with a cache; otherwise an error naming what it has. */
        private static long requireDecoder(String label, OrtSession s) throws OrtException {
            Set<String> in = s.getInputNames();
            boolean cache = in.stream().anyMatch(n -> n.startsWith("past_key_values."))
                    && s.getOutputNames().stream().anyMatch(n -> n.startsWith("present."));
            NodeInfo logits = s.getOutputInfo().get("logits");
            long[] shape = logits == null ? new long[0] : ((TensorInfo) logits.getInfo()).getShape();
            if (!cache || !in.containsAll(List.of("input_ids", "attention_mask", "position_ids")) || shape.length != 3 || shape[2] < 1) {
                throw new IllegalArgumentException(label + " has inputs " + in + " and outputs " + s.getOutputNames() + "; DecoderLatency "
                        + "needs a decoder exported with its key/value cache under Optimum's names (input_ids, attention_mask, "
                        + "position_ids, past_key_values.N.key|value in; logits [batch, seq, vocab], present.N.key|value out), "
                        + "as export --hf DIR writes it without --no-cache");
            }
            return shape[2];
        }

        private void requireInputs(OrtSession s, Map<String, OnnxTensor> in, int c) throws OrtException {
            if (!in.keySet().equals(s.getInputNames())) {
                throw new IllegalArgumentException(labels[c] + " has inputs " + s.getInputNames() + ", but its presents fill "
                        + in.keySet() + ": each present.N.key|value must have an input past_key_values.N.key|value");
            }
        }

        private float[] logits(OrtSession.Result r) throws OrtException {
            OnnxTensor t = (OnnxTensor) r.get("logits").orElseThrow(() -> new IllegalArgumentException("no output named logits"));
            FloatBuffer b = t.getFloatBuffer();
            float[] a = new float[b.remaining()];
            b.get(a);
            return a;
        }

        private OnnxTensor longs(List<OnnxTensor> own, long[] data, long... shape) throws OrtException {
            OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
            own.add(t);
            return t;
        }

        private OnnxTensor floats(List<OnnxTensor> own, float[] data, long... shape) throws OrtException {
            OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
            own.add(t);
            return t;
        }
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    private static long[] range(int from, int to) {
        long[] a = new long[to - from];
        for (int i = 0; i < a.length; i++) a[i] = from + i;
        return a;
    }

    static double maxDiff(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) return Double.NaN;
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
