package dev.onnxport.zoo.hf;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Greedy decoding of a causal LM, one loop for every backend: the eager Java twin and an exported file in a
 * runtime are both a {@link Step} from named inputs to named outputs (Optimum's names, see {@link CausalLM}).
 * Prompts of different lengths are left-padded (id 0, attention mask 0, position 1 on the pads, as transformers
 * does), so each row generates what it would alone. With a cache, the first call takes the whole prompt and an
 * empty cache (past length 0) and each later call one token per row; without one, every call takes the whole
 * sequence so far.
 */
public final class GreedyDecoding {
    private GreedyDecoding() {}

    /** One forward call by input name, returning outputs by name ({@code logits}, {@code present.N.key/value}). */
    @FunctionalInterface
    public interface Step {
        Map<String, Tensor> run(Map<String, Tensor> feeds);
    }

    /** What the loop needs of the model: its cache's shape, or {@code layers == 0} for a model without a cache. */
    public record CacheLayout(int layers, int kvHeads, int headDim) {
        public static final CacheLayout NONE = new CacheLayout(0, 0, 0);

        public static CacheLayout of(CausalLM m) { return new CacheLayout(m.numLayers(), m.numKvHeads(), m.headDim()); }

        public boolean hasCache() { return layers > 0; }

        /** An empty cache for {@code batch} rows: key0, value0, key1, ... each [batch, kv_heads, 0, head_dim]. */
        public List<Tensor> emptyCache(long batch) {
            List<Tensor> past = new ArrayList<>();
            for (int i = 0; i < 2 * layers; i++) past.add(Tensor.zeros(DType.FLOAT32, batch, kvHeads, 0, headDim));
            return past;
        }
    }

    /** The eager twin as a step: runs {@code m} on the named feeds (with its cache when the feeds hold one). */
    public static Step eager(CausalLM m) {
        return feeds -> {
            boolean cache = feeds.containsKey(CausalLM.pastName(0, "key"));
            List<String> in = m.inputNames(cache);
            Tensor[] args = new Tensor[in.size()];
            for (int i = 0; i < args.length; i++) args[i] = feeds.get(in.get(i));
            @SuppressWarnings("unchecked")
            List<Tensor> out = (List<Tensor>) m.invoke(args);
            Map<String, Tensor> named = new LinkedHashMap<>();
            List<String> names = m.outputNames(cache);
            for (int i = 0; i < names.size(); i++) named.put(names.get(i), out.get(i));
            return named;
        };
    }

    /**
     * Generates {@code maxNewTokens} tokens after each prompt, taking the most likely token every time (the first
     * on a tie); returns the new ids per prompt. {@code onToken} hears the index of each finished step (progress).
     */
    public static long[][] generate(Step step, CacheLayout layout, long[][] prompts, int maxNewTokens, IntConsumer onToken) {
        if (prompts.length == 0) throw new IllegalArgumentException("no prompt given");
        int batch = prompts.length, longest = 0;
        for (long[] p : prompts) {
            if (p.length == 0) throw new IllegalArgumentException("an empty prompt cannot start generation; give at least one id");
            longest = Math.max(longest, p.length);
        }
        // left padding: row r's tokens sit at the end; pads are masked out
        long[][] ids = new long[batch][longest + maxNewTokens];
        long[][] mask = new long[batch][longest + maxNewTokens];
        for (int r = 0; r < batch; r++) {
            int pad = longest - prompts[r].length;
            System.arraycopy(prompts[r], 0, ids[r], pad, prompts[r].length);
            Arrays.fill(mask[r], pad, mask[r].length, 1);
        }
        long[][] out = new long[batch][maxNewTokens];
        Map<String, Tensor> cache = new LinkedHashMap<>();
        int length = longest;   // tokens so far, pads included
        for (int t = 0; t < maxNewTokens; t++) {
            boolean first = t == 0;
            int from = layout.hasCache() && !first ? length - 1 : 0;   // positions this call feeds
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            feeds.put("input_ids", slice(ids, from, length));
            feeds.put("attention_mask", slice(mask, 0, length));
            feeds.put("position_ids", positions(mask, from, length));
            if (layout.hasCache()) {
                if (first) {
                    List<Tensor> empty = layout.emptyCache(batch);
                    for (int l = 0; l < layout.layers(); l++) {
                        for (int k = 0; k < 2; k++) feeds.put(CausalLM.pastName(l, CausalLM.KEY_VALUE.get(k)), empty.get(2 * l + k));
                    }
                } else {
                    feeds.putAll(cache);
                }
            }
            Map<String, Tensor> result = step.run(feeds);
            Tensor logits = result.get("logits");
            if (logits == null) throw new IllegalStateException("the model returned no 'logits' output; it returned " + result.keySet());
            long[] next = lastArgmax(logits);
            for (int r = 0; r < batch; r++) {
                out[r][t] = next[r];
                ids[r][length] = next[r];
            }
            length++;
            if (layout.hasCache()) {
                cache.clear();
                for (int l = 0; l < layout.layers(); l++) {
                    for (String kv : CausalLM.KEY_VALUE) {
                        Tensor present = result.get(CausalLM.presentName(l, kv));
                        if (present == null) throw new IllegalStateException("the model returned no '" + CausalLM.presentName(l, kv) + "' output");
                        cache.put(CausalLM.pastName(l, kv), present);
                    }
                }
            }
            if (onToken != null) onToken.accept(t);
        }
        return out;
    }

    private static Tensor slice(long[][] rows, int from, int to) {
        long[] v = new long[rows.length * (to - from)];
        for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], from, v, r * (to - from), to - from);
        return Tensor.of(v, rows.length, to - from);
    }

    /** transformers' position ids: the running count of attended tokens minus one; 1 on pads. */
    static Tensor positions(long[][] mask, int from, int to) {
        long[] v = new long[mask.length * (to - from)];
        for (int r = 0; r < mask.length; r++) {
            long seen = 0;
            for (int i = 0; i < to; i++) {
                seen += mask[r][i];
                if (i >= from) v[r * (to - from) + i - from] = mask[r][i] == 0 ? 1 : seen - 1;
            }
        }
        return Tensor.of(v, mask.length, to - from);
    }

    /** The most likely next token of each row: argmax over the vocabulary at the last position (first on a tie). */
    static long[] lastArgmax(Tensor logits) {
        long batch = logits.size(0), seq = logits.size(1), vocab = logits.size(2);
        long[] next = new long[(int) batch];
        for (long r = 0; r < batch; r++) {
            long base = (r * seq + seq - 1) * vocab, best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (long v = 0; v < vocab; v++) {
                double x = logits.getDoubleFlat(base + v);
                if (x > bestValue) {
                    bestValue = x;
                    best = v;
                }
            }
            next[(int) r] = best;
        }
        return next;
    }
}
