package dev.onnxport.zoo.hf;

import dev.onnxport.nn.F;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder language model with a key/value cache, called the way Optimum and ONNX Runtime GenAI call an exported
 * one: {@code input_ids} [batch, seq], {@code attention_mask} [batch, past + seq] (1 = attend), {@code position_ids}
 * [batch, seq] and, per layer, {@code past_key_values.N.key} / {@code .value} [batch, kv_heads, past, head_dim];
 * it returns {@code logits} [batch, seq, vocab] and {@code present.N.key} / {@code .value} [batch, kv_heads,
 * past + seq, head_dim]. One graph serves the first step too: its past has length 0.
 */
public abstract class CausalLM extends Module {
    /** Minimum of float32, the additive mask of a position that must not be attended (as transformers uses). */
    static final double MASKED = -Float.MAX_VALUE;

    /** Number of decoder layers: the cache has a key and a value per layer. */
    public abstract int numLayers();

    /** Key/value heads per layer (fewer than the query heads under grouped-query attention). */
    public abstract int numKvHeads();

    /** Width of one head. */
    public abstract int headDim();

    public abstract long vocabSize();

    /** Largest position the model has embeddings or a defined meaning for (config's max positions). */
    public abstract long maxPositions();

    /**
     * One call: logits and the new cache. {@code past} holds a key and a value per layer (key0, value0, key1, ...),
     * or is empty for the plain forward without a cache; then the result's presents are empty too.
     */
    public final Output forward(Tensor inputIds, Tensor attentionMask, Tensor positionIds, List<Tensor> past) {
        if (!past.isEmpty() && past.size() != 2 * numLayers()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has " + numLayers() + " layers, so the cache needs "
                    + 2 * numLayers() + " tensors (a key and a value per layer), got " + past.size());
        }
        return scoped(() -> compute(inputIds, attentionMask, positionIds, past));
    }

    /** Logits and the cache after the call (key0, value0, key1, ...; empty without a cache). */
    public record Output(Tensor logits, List<Tensor> presents) {}

    protected abstract Output compute(Tensor inputIds, Tensor attentionMask, Tensor positionIds, List<Tensor> past);

    /** (input_ids, attention_mask, position_ids[, key0, value0, ...]) to [logits, present key0, value0, ...]. */
    @Override
    public Object invoke(Tensor... in) {
        if (in.length != 3 && in.length != 3 + 2 * numLayers()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes (input_ids, attention_mask, position_ids) and "
                    + "optionally " + 2 * numLayers() + " cache tensors, got " + in.length + " tensors");
        }
        Output o = forward(in[0], in[1], in[2], Arrays.asList(in).subList(3, in.length));
        List<Tensor> out = new ArrayList<>();
        out.add(o.logits());
        out.addAll(o.presents());
        return out;
    }

    // ---- the exported interface: names and dynamic axes ------------------------------------

    /** The cache's two tensors per layer, in input and output order. */
    static final List<String> KEY_VALUE = List.of("key", "value");

    /** Input name of layer {@code layer}'s cached {@code key} or {@code value}: {@code past_key_values.N.key}. */
    public static String pastName(int layer, String kv) { return "past_key_values." + layer + "." + kv; }

    /** Output name of layer {@code layer}'s new {@code key} or {@code value}: {@code present.N.key}. */
    public static String presentName(int layer, String kv) { return "present." + layer + "." + kv; }

    /** Graph input names: the three above, then {@code past_key_values.N.key/value} when {@code cache}. */
    public final List<String> inputNames(boolean cache) {
        List<String> names = new ArrayList<>(List.of("input_ids", "attention_mask", "position_ids"));
        if (cache) {
            for (int i = 0; i < numLayers(); i++) for (String kv : KEY_VALUE) names.add(pastName(i, kv));
        }
        return names;
    }

    /** Graph output names: {@code logits}, then {@code present.N.key/value} when {@code cache}. */
    public final List<String> outputNames(boolean cache) {
        List<String> names = new ArrayList<>(List.of("logits"));
        if (cache) {
            for (int i = 0; i < numLayers(); i++) for (String kv : KEY_VALUE) names.add(presentName(i, kv));
        }
        return names;
    }

    /** Every batch and sequence axis is dynamic, named as Optimum names them. */
    public final Map<String, Map<Integer, String>> dynamicAxes(boolean cache) {
        Map<String, Map<Integer, String>> axes = new LinkedHashMap<>();
        axes.put("input_ids", Map.of(0, "batch_size", 1, "sequence_length"));
        axes.put("attention_mask", Map.of(0, "batch_size", 1, "total_sequence_length"));
        axes.put("position_ids", Map.of(0, "batch_size", 1, "sequence_length"));
        axes.put("logits", Map.of(0, "batch_size", 1, "sequence_length"));
        if (cache) {
            for (int i = 0; i < numLayers(); i++) {
                for (String kv : KEY_VALUE) {
                    axes.put(pastName(i, kv), Map.of(0, "batch_size", 2, "past_sequence_length"));
                    axes.put(presentName(i, kv), Map.of(0, "batch_size", 2, "total_sequence_length"));
                }
            }
        }
        return axes;
    }

    /** An empty cache for {@code batch} rows: 2 x layers tensors [batch, kv_heads, 0, head_dim]. */
    public final List<Tensor> emptyCache(long batch) {
        return GreedyDecoding.CacheLayout.of(this).emptyCache(batch);
    }

    // ---- pieces every decoder shares ------------------------------------------------------

    /**
     * The additive causal mask [batch, 1, seq, total]: the query at position past + i sees the keys 0..past + i that
     * {@code attentionMask} keeps; 0 where it may attend, {@link #MASKED} where not. Built once per call, from sizes
     * only, so it serves every layer and any past length (the last {@code seq} rows of a total x total triangle).
     */
    static Tensor causalMask(Tensor attentionMask, SymInt seq) {
        SymInt total = attentionMask.symSize(1);
        Tensor pos = F.arange(total, DType.INT64);
        Tensor causal = F.le(F.unsqueeze(pos, 0), F.unsqueeze(pos, 1));          // [total, total]: key <= query
        causal = F.slice(causal, 0, total.sub(seq), total, 1);                    // rows of this call's queries
        Tensor keep = F.logicalAnd(causal, F.unsqueeze(F.unsqueeze(F.to(attentionMask, DType.BOOL), 1), 2));
        return F.mul(F.to(F.logicalNot(keep), DType.FLOAT32), MASKED);
    }

    /** {@code past} entry {@code i} or null without a cache. */
    static Tensor pastAt(List<Tensor> past, int i) { return past.isEmpty() ? null : past.get(i); }
}
