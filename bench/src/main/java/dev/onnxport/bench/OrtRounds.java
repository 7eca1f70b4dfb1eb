package dev.onnxport.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the ONNX Runtime latency benchmarks share: one session setting (ALL_OPT, the given intra-op threads, one
 * inter-op thread; {@link VerificationBenchmark} uses it too), a file's op histogram, and figures over rounds. Each round
 * times every candidate once, starting with a different one each round, so drifting machine load falls on all of
 * them alike; ratios are paired within a round before their min and median are taken.
 */
final class OrtRounds {
    private OrtRounds() {}

    static OrtSession session(OrtEnvironment env, Path file, int threads) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env.createSession(file.toString(), o);
        }
    }

    /** Node count per op type of the main graph (control-flow bodies are not counted). */
    static Map<String, Integer> opHistogram(Path file) {
        Map<String, Integer> ops = new TreeMap<>();
        try (OnnxModel m = OnnxModelReader.read(file)) {
            for (NodeProto n : m.proto().getGraph().getNodeList()) ops.merge(n.getOpType(), 1, Integer::sum);
        }
        return ops;
    }

    static int nodes(Map<String, Integer> histogram) {
        return histogram.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Milliseconds of each round for each candidate, and the figures printed from them. */
    static final class Times {
        final String[] labels;
        final List<double[]> rounds = new ArrayList<>();

        Times(String[] labels) { this.labels = labels; }

        void add(double[] msPerCandidate) { rounds.add(msPerCandidate.clone()); }

        double[] of(int candidate) { return rounds.stream().mapToDouble(r -> r[candidate]).toArray(); }

        double[] ratio(int candidate, int baseline) {
            return rounds.stream().mapToDouble(r -> r[candidate] / r[baseline]).toArray();
        }

        /** One line per candidate: min / median / max ms and, against {@code baseline}, the paired ratio's min and median. */
        void print(String title, int baseline) {
            System.out.printf(Locale.ROOT, "%s (%d rounds, ms)%n", title, rounds.size());
            System.out.printf(Locale.ROOT, "  %-24s %9s %9s %9s   %s%n", "", "min", "median", "max",
                    "ratio to " + labels[baseline] + " (min / median)");
            for (int c = 0; c < labels.length; c++) {
                double[] t = of(c);
                double[] r = ratio(c, baseline);
                System.out.printf(Locale.ROOT, "  %-24s %9.3f %9.3f %9.3f   %.3f / %.3f%n", labels[c], min(t), median(t), max(t),
                        min(r), median(r));
            }
        }
    }

    static double min(double[] a) { return Arrays.stream(a).min().orElse(Double.NaN); }

    static double max(double[] a) { return Arrays.stream(a).max().orElse(Double.NaN); }

    static double median(double[] a) {
        if (a.length == 0) return Double.NaN;
        double[] s = a.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /** The order of candidates in round {@code r}: a rotation, so each leads equally often. */
    static int[] order(int round, int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = (round + i) % n;
        return o;
    }
}
