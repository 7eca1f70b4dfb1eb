package dev.onnxport.testing;

import dev.onnxport.nn.F;
import dev.onnxport.safetensors.SafetensorsFile;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * PyTorch's numbers for the ops ONNX fuses from opset 23 (rms_norm, scaled_dot_product_attention,
 * onnxport::rotary_embedding), made by {@code tools/attention-fixtures/gen_attention.py} into the test resources
 * {@code dev/onnxport/ops/attention/}. Each case names its inputs (in the op's argument order), the call, and
 * torch's output.
 */
public final class AttentionCases {
    private AttentionCases() {}

    private static final String RESOURCES = "/dev/onnxport/ops/attention/";
    public static final List<String> NAMES = List.of("rms_weight", "rms_no_weight_default_eps", "sdpa_plain", "sdpa_causal",
            "sdpa_causal_upper_left", "sdpa_additive_mask", "sdpa_bool_mask_scale", "sdpa_gqa_cache_mask", "sdpa_gqa_per_head_mask",
            "sdpa_gqa_causal", "sdpa_rank3", "rotary_halves", "rotary_partial", "rotary_interleaved");

    /** One case: its op (rms_norm, sdpa or rotary), named inputs, the call on those inputs, torch's output. */
    public record Case(String name, String op, List<String> inputNames, Tensor[] inputs, Function<Tensor[], Tensor> call, Tensor expected) {
        @Override public String toString() { return name; }
    }

    public static List<Case> all() {
        List<Case> out = new ArrayList<>();
        for (String n : NAMES) out.add(load(n));
        return out;
    }

    public static Case load(String name) {
        try (InputStream in = AttentionCases.class.getResourceAsStream(RESOURCES + name + ".safetensors")) {
            if (in == null) throw new IllegalStateException("no fixture " + RESOURCES + name + ".safetensors; run tools/attention-fixtures/gen_attention.py");
            Path tmp = Files.createTempFile("attention-" + name, ".safetensors");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (SafetensorsFile f = SafetensorsFile.open(tmp)) {
                    String op = f.metadata().get("op");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> args = (Map<String, Object>) Json.parse(f.metadata().get("args"));
                    Map<String, Tensor> inputs = new LinkedHashMap<>();
                    for (String k : order(op)) if (f.contains("in/" + k)) inputs.put(k, F.clone(f.get("in/" + k)));
                    List<String> names = List.copyOf(inputs.keySet());
                    return new Case(name, op, names, inputs.values().toArray(new Tensor[0]), call(op, names, args), F.clone(f.get("out")));
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> order(String op) {
        return switch (op) {
            case "rms_norm" -> List.of("input", "weight");
            case "sdpa" -> List.of("query", "key", "value", "attn_mask");
            case "rotary" -> List.of("input", "cos", "sin");
            default -> throw new IllegalStateException("unknown op " + op);
        };
    }

    private static Function<Tensor[], Tensor> call(String op, List<String> names, Map<String, Object> args) {
        return switch (op) {
            case "rms_norm" -> {
                long[] shape = ((List<?>) args.get("normalized_shape")).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
                Number eps = (Number) args.get("eps");
                boolean weighted = names.contains("weight");
                yield in -> eps == null
                        ? dev.onnxport.ops.aten.AtenOps.registry().get("aten::rms_norm").call1(in[0], shape, weighted ? in[1] : null)
                        : F.rmsNorm(in[0], shape, weighted ? in[1] : null, eps.doubleValue());
            }
            case "sdpa" -> {
                boolean causal = Boolean.TRUE.equals(args.get("is_causal")), gqa = Boolean.TRUE.equals(args.get("enable_gqa"));
                Double scale = args.get("scale") == null ? null : ((Number) args.get("scale")).doubleValue();
                boolean masked = names.contains("attn_mask");
                yield in -> F.scaledDotProductAttention(in[0], in[1], in[2], masked ? in[3] : null, causal, scale, gqa);
            }
            case "rotary" -> {
                boolean interleaved = Boolean.TRUE.equals(args.get("interleaved"));
                yield in -> F.rotaryEmbedding(in[0], in[1], in[2], interleaved);
            }
            default -> throw new IllegalStateException("unknown op " + op);
        };
    }
}
