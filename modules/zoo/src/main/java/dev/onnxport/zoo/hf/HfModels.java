package dev.onnxport.zoo.hf;

import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.StateDictException;
import dev.onnxport.safetensors.SafetensorsCheckpoint;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the Java twin of a Hugging Face folder ({@code config.json} and safetensors weights) and loads its weights
 * as they are stored: memory-mapped, float16 and bfloat16 widened to float32 lazily (no heap copy). One entry per
 * architecture says how its config keys map to the twin and which stored names need adapting (GPT-2's original
 * checkpoints without the {@code transformer.} prefix and with attention buffers, a tied head saved anyway).
 */
public final class HfModels {
    private HfModels() {}

    /** An architecture of {@code config.json}'s {@code architectures}: how to build its twin and adapt stored names. */
    private record Architecture(String name, Function<HfConfig, Module> build, Function<Map<String, Tensor>, Map<String, Tensor>> adapt) {}

    private static final List<Architecture> ARCHITECTURES = List.of(
            new Architecture("LlamaForCausalLM", c -> llama(c, false), Function.identity()),
            new Architecture("MistralForCausalLM", c -> llama(c, false), Function.identity()),
            new Architecture("Qwen2ForCausalLM", c -> llama(c, true), Function.identity()),
            new Architecture("GPT2LMHeadModel", HfModels::gpt2, HfModels::gpt2Names),
            new Architecture("BertModel", HfModels::bert, HfModels::bertNames));

    /** The architectures a folder may name, in the order they are listed in errors. */
    public static List<String> supported() { return ARCHITECTURES.stream().map(Architecture::name).toList(); }

    /**
     * Reads {@code folder}: its config, the twin it names, and the weights loaded into it (eval mode). The weights stay
     * mapped until the returned model is closed. Every fault is one line naming the file, key or tensor.
     */
    public static HfModel load(Path folder) {
        HfConfig config = HfConfig.read(folder);
        Architecture a = architecture(config);
        Module m = Init.withoutData(() -> a.build().apply(config));
        SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(folder);
        try {
            Map<String, Tensor> weights = a.adapt().apply(new LinkedHashMap<>(ckpt.float32Tensors()));
            // a tied head may be saved anyway; the twin reads the embedding instead
            if (!m.stateDict().containsKey("lm_head.weight")) weights.remove("lm_head.weight");
            try {
                m.loadStateDict(weights);
            } catch (StateDictException e) {
                throw new HfConfigException(config.file(), null, mismatch(config, a.name(), e));
            }
            m.eval();
            return new HfModel(folder, a.name(), config, m, ckpt);
        } catch (RuntimeException e) {
            ckpt.close();
            throw e;
        }
    }

    /**
     * The files of {@code folder} an export reads or may read (every regular file directly in it: config, weights,
     * index, PyTorch io): none of them may be an export's output. Empty when the folder cannot be listed.
     */
    public static List<Path> inputFiles(Path folder) {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(folder)) {
            return s.filter(java.nio.file.Files::isRegularFile).sorted().toList();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The twin {@code config} names, with seeded random weights: for tests and benchmarks without a checkpoint. */
    public static Module build(HfConfig config, long seed) {
        Architecture a = architecture(config);
        Module m = Init.seeded(seed, () -> a.build().apply(config));
        m.eval();
        return m;
    }

    private static Architecture architecture(HfConfig config) {
        List<String> named = config.architectures();
        for (String n : named) {
            for (Architecture a : ARCHITECTURES) if (a.name().equals(n)) return a;
        }
        throw config.fault("architectures", "is " + named + ", which onnxport does not support; it supports "
                + String.join(", ", supported()));
    }

    // ---- config keys to twins ---------------------------------------------------------------

    private static LlamaForCausalLM llama(HfConfig c, boolean qwen2) {
        require(c, "hidden_act", "silu");
        unsupportedUnlessNull(c, "rope_scaling");
        if (c.bool("mlp_bias", false)) throw unsupported(c, "mlp_bias", "true");
        if (!qwen2 && c.has("sliding_window") && c.integer("sliding_window") < c.optInteger("max_position_embeddings").orElse(4096)) {
            throw unsupported(c, "sliding_window", String.valueOf(c.integer("sliding_window")));
        }
        if (qwen2 && c.bool("use_sliding_window", false)) throw unsupported(c, "use_sliding_window", "true");
        int heads = c.integer("num_attention_heads");
        int hidden = c.integer("hidden_size");
        int headDim = c.optInteger("head_dim").orElse(hidden / heads);
        boolean attentionBias = c.bool("attention_bias", false);
        return new LlamaForCausalLM(new LlamaForCausalLM.Config(c.integer("vocab_size"), hidden, c.integer("intermediate_size"),
                c.integer("num_hidden_layers"), heads, c.optInteger("num_key_value_heads").orElse(heads), headDim,
                c.real("rope_theta", 10000.0), c.real("rms_norm_eps", 1e-6), c.bool("tie_word_embeddings", false),
                qwen2 || attentionBias, attentionBias, c.optInteger("max_position_embeddings").orElse(2048)));
    }

    private static GPT2LMHeadModel gpt2(HfConfig c) {
        String act = c.string("activation_function", "gelu_new");
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) throw unsupported(c, "activation_function", act);
        if (!c.bool("tie_word_embeddings", true)) throw unsupported(c, "tie_word_embeddings", "false");
        if (!c.bool("scale_attn_weights", true)) throw unsupported(c, "scale_attn_weights", "false");
        if (c.bool("scale_attn_by_inverse_layer_idx", false)) throw unsupported(c, "scale_attn_by_inverse_layer_idx", "true");
        if (c.bool("reorder_and_upcast_attn", false)) throw unsupported(c, "reorder_and_upcast_attn", "true");
        int d = c.integer("n_embd");
        return new GPT2LMHeadModel(new GPT2LMHeadModel.Config(c.integer("vocab_size"), c.integer("n_positions"), d,
                c.integer("n_layer"), c.integer("n_head"), c.optInteger("n_inner").orElse(4 * d), c.real("layer_norm_epsilon", 1e-5)));
    }

    private static BertModel bert(HfConfig c) {
        require(c, "hidden_act", "gelu");
        if (c.has("position_embedding_type")) require(c, "position_embedding_type", "absolute");
        return new BertModel(new BertModel.Config(c.integer("vocab_size"), c.integer("hidden_size"), c.integer("num_hidden_layers"),
                c.integer("num_attention_heads"), c.integer("intermediate_size"), c.integer("max_position_embeddings"),
                c.optInteger("type_vocab_size").orElse(2), c.real("layer_norm_eps", 1e-12)));
    }

    private static void require(HfConfig c, String key, String supported) {
        String v = c.string(key, supported);
        if (!v.equals(supported)) throw unsupported(c, key, v);
    }

    private static void unsupportedUnlessNull(HfConfig c, String key) {
        if (c.has(key)) throw unsupported(c, key, String.valueOf(c.raw(key)));
    }

    private static HfConfigException unsupported(HfConfig c, String key, String value) {
        return c.fault(key, "is " + value + ", which onnxport's " + c.modelName() + " does not support yet");
    }

    // ---- stored names to the twin's -----------------------------------------------------------

    private static final Pattern ATTN_BUFFER = Pattern.compile("(transformer\\.)?h\\.\\d+\\.attn\\.(bias|masked_bias)");

    /** Original GPT-2 checkpoints: base-model names without {@code transformer.}, and the attention-mask buffers. */
    private static Map<String, Tensor> gpt2Names(Map<String, Tensor> w) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : w.entrySet()) {
            String k = e.getKey();
            if (ATTN_BUFFER.matcher(k).matches()) continue;
            out.put(k.startsWith("transformer.") || k.startsWith("lm_head.") ? k : "transformer." + k, e.getValue());
        }
        return out;
    }

    /** A BertModel saved inside a task model ({@code bert.} prefix, heads), and the position-ids buffer. */
    private static Map<String, Tensor> bertNames(Map<String, Tensor> w) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : w.entrySet()) {
            String k = e.getKey().startsWith("bert.") ? e.getKey().substring(5) : e.getKey();
            if (k.equals("embeddings.position_ids") || k.startsWith("cls.") || k.startsWith("classifier.")) continue;
            out.put(k, e.getValue());
        }
        return out;
    }

    // ---- weights that do not fit the config --------------------------------------------------

    private static final Pattern SIZE_MISMATCH = Pattern.compile("(\\S+): expected \\[([^]]*)], got \\[([^]]*)]");
    private static final Pattern LAYER = Pattern.compile("\\.(\\d+)\\.");

    /**
     * One line for weights that do not fit the config: the first wrongly-shaped tensor with both shapes and the config
     * keys whose value the expected size came from, else the missing or unexpected tensors (layer counts named).
     */
    static String mismatch(HfConfig c, String arch, StateDictException e) {
        String where = c.file().getParent() + ": the weights do not fit " + c.file().getFileName() + " (" + arch + "): ";
        if (!e.mismatchedKeys().isEmpty()) {
            String first = e.mismatchedKeys().get(0);
            Matcher m = SIZE_MISMATCH.matcher(first);
            String more = e.mismatchedKeys().size() > 1 ? " (and " + (e.mismatchedKeys().size() - 1) + " more tensors)" : "";
            if (!m.matches()) return where + first + more;
            long[] want = parse(m.group(2)), got = parse(m.group(3));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < Math.min(want.length, got.length); i++) {
                if (want[i] != got[i]) keys.addAll(keysWithValue(c, want[i]));
            }
            if (want.length != got.length) keys.addAll(keysWithValue(c, want[want.length - 1]));
            String from = keys.isEmpty() ? "" : " from " + String.join(", ", keys.stream().distinct().toList());
            return where + "tensor '" + m.group(1) + "' is [" + m.group(3) + "] in the weights, but the config gives [" + m.group(2) + "]"
                    + from + more + "; fix config.json or use the weights it was saved with";
        }
        List<String> missing = e.missingKeys(), unexpected = e.unexpectedKeys();
        String layers = layerKey(c);
        StringBuilder sb = new StringBuilder(where);
        if (!missing.isEmpty()) {
            sb.append(missing.size()).append(" tensor(s) the config needs are not in the weights (first: '").append(missing.get(0)).append("')");
        }
        if (!unexpected.isEmpty()) {
            if (!missing.isEmpty()) sb.append("; ");
            sb.append(unexpected.size()).append(" tensor(s) in the weights have no place in the model (first: '").append(unexpected.get(0)).append("')");
        }
        boolean layered = missing.stream().anyMatch(k -> LAYER.matcher(k).find()) || unexpected.stream().anyMatch(k -> LAYER.matcher(k).find());
        if (layered && layers != null) sb.append("; check '").append(layers).append("' = ").append(c.integer(layers));
        return sb.toString();
    }

    private static String layerKey(HfConfig c) {
        for (String k : List.of("num_hidden_layers", "n_layer")) if (c.has(k)) return k;
        return null;
    }

    private static List<String> keysWithValue(HfConfig c, long v) {
        List<String> keys = new ArrayList<>();
        for (String k : c.keys()) {
            Object raw = c.raw(k);
            if (raw instanceof Number n && !(raw instanceof Double) && n.longValue() == v) keys.add("'" + k + "' = " + v);
        }
        return keys;
    }

    private static long[] parse(String dims) {
        return dims.isBlank() ? new long[0] : Arrays.stream(dims.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }
}
