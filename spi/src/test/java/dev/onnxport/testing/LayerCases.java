package dev.onnxport.testing;

import dev.onnxport.nn.*;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.SafetensorsFile;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The PyTorch ground truth of the nn layers (issue 14), made by {@code tools/layer-fixtures/gen_layers.py} into the
 * test resources {@code dev/onnxport/nn/layers/<case>.safetensors}, and the Java twin of each case: how to build the
 * layer (with the options torch's was built with) and call it. {@code LayerFixtureTest} (spi) checks state-dict keys,
 * shapes and eager outputs; {@code LayerExportTest} (modules/onnx) exports the inference layers and runs them in ONNX
 * Runtime against torch's outputs.
 */
public final class LayerCases {
    private LayerCases() {}

    public static final String RESOURCES = "/dev/onnxport/nn/layers/";

    /** One case; {@code opsets} empty for a case that is not exported (losses, identity). */
    public record LayerCase(String name, Supplier<Module> build, BiFunction<Module, Tensor[], Object> forward, int... opsets) {
        public Object run(Module m, Tensor... inputs) { return forward.apply(m, inputs); }
        public boolean exported() { return opsets.length > 0; }
        @Override public String toString() { return name; }
    }

    /**
     * A fixture: torch's state-dict keys (in its order) and shapes, the state dict itself, the inputs and the outputs of
     * one call; a shapes-only fixture (a large default-built layer) has no state tensors, inputs or outputs.
     */
    public record Fixture(List<String> stateKeys, Map<String, long[]> shapes, Map<String, Tensor> state, Tensor[] inputs,
                          Tensor[] outputs) {
        public boolean shapesOnly() { return state.isEmpty() && !stateKeys.isEmpty(); }
    }

    private static final int[] OPSETS = {17, 13, 11};
    /** Attention layers also where ONNX has the Attention operator (23) and at the newest opset. */
    private static final int[] ATTENTION_OPSETS = {17, 13, 11, 23, 26};
    private static final int[] NO_EXPORT = {};

    private static final List<LayerCase> CASES = new ArrayList<>();

    private static void unary(String name, Supplier<Module> build) { unary(name, build, OPSETS); }

    private static void unary(String name, Supplier<Module> build, int... opsets) {
        CASES.add(new LayerCase(name, build, (m, in) -> m.invoke(in), opsets));
    }

    private static void call(String name, Supplier<Module> build, BiFunction<Module, Tensor[], Object> f, int... opsets) {
        CASES.add(new LayerCase(name, build, f, opsets));
    }

    static {
        // ---- pooling
        unary("max_pool1d", () -> MaxPool1d.builder(3).stride(2).padding(1).ceilMode(true).build());
        unary("max_pool3d", () -> MaxPool3d.builder(2, 3, 2).stride(2, 2, 1).padding(1, 1, 0).dilation(1, 1, 2).ceilMode(true).build());
        unary("max_pool3d_default", () -> new MaxPool3d(2));
        unary("avg_pool1d", () -> AvgPool1d.builder(3).stride(2).padding(1).ceilMode(true).countIncludePad(false).build());
        unary("avg_pool3d", () -> AvgPool3d.builder(2, 3, 3).stride(1, 2, 2).padding(1, 1, 0).ceilMode(true).build());
        unary("avg_pool3d_exclude_pad", () -> AvgPool3d.builder(3).stride(2).padding(1).countIncludePad(false).build());
        unary("avg_pool3d_divisor", () -> AvgPool3d.builder(2).divisorOverride(5L).build());
        unary("adaptive_avg_pool1d", () -> new AdaptiveAvgPool1d(4));
        unary("adaptive_avg_pool3d", () -> new AdaptiveAvgPool3d(2, 3, 2));
        unary("adaptive_max_pool1d", () -> new AdaptiveMaxPool1d(3));
        unary("adaptive_max_pool2d", () -> new AdaptiveMaxPool2d(3, 2));
        unary("adaptive_max_pool3d", () -> new AdaptiveMaxPool3d(2, 2, 3));
        // ---- resampling and reshaping
        unary("upsample_nearest1d", () -> Upsample.builder().scaleFactor(2).build());
        unary("upsample_nearest2d", () -> Upsample.builder().size(7, 9).build());
        unary("upsample_nearest3d", () -> Upsample.builder().scaleFactor(2).mode("nearest").build());
        unary("upsample_linear1d", () -> Upsample.builder().size(9).mode("linear").build());
        unary("upsample_bilinear2d", () -> Upsample.builder().scaleFactor(1.5).mode("bilinear").alignCorners(true).build());
        unary("upsample_trilinear3d", () -> Upsample.builder().size(4, 5, 6).mode("trilinear").build());
        unary("pixel_unshuffle", () -> new PixelUnshuffle(2));
        unary("pixel_shuffle", () -> new PixelShuffle(2));
        unary("identity", Identity::new, NO_EXPORT);  // the graph would be its input
        unary("unflatten", () -> new Unflatten(1, 2, 3));
        // ---- padding
        long[] p1 = {2, 3}, p2 = {1, 2, 2, 0}, p3 = {1, 1, 2, 0, 1, 2};
        unary("reflection_pad1d", () -> new ReflectionPad1d(p1));
        unary("reflection_pad2d", () -> new ReflectionPad2d(p2));
        unary("reflection_pad3d", () -> new ReflectionPad3d(p3));
        unary("replication_pad1d", () -> new ReplicationPad1d(p1));
        unary("replication_pad2d", () -> new ReplicationPad2d(p2));
        unary("replication_pad3d", () -> new ReplicationPad3d(p3));
        unary("circular_pad1d", () -> new CircularPad1d(p1));
        unary("circular_pad2d", () -> new CircularPad2d(p2));
        unary("circular_pad3d", () -> new CircularPad3d(p3));
        unary("constant_pad1d", () -> new ConstantPad1d(p1, 1.5));
        unary("constant_pad2d", () -> new ConstantPad2d(p2, -0.5));
        unary("constant_pad3d", () -> new ConstantPad3d(p3, 2.0));
        unary("zero_pad2d", () -> new ZeroPad2d(p2));
        // ---- embedding bags (offsets need Range: opset 11 and later)
        unary("embedding_bag_mean_2d", () -> EmbeddingBag.builder(10, 4).mode("mean").paddingIdx(0L).build());
        unary("embedding_bag_sum_offsets", () -> EmbeddingBag.builder(10, 4).mode("sum").build());
        unary("embedding_bag_max_last_offset", () -> EmbeddingBag.builder(10, 4).mode("max").includeLastOffset(true).build());
        // ---- recurrent cells
        unary("rnn_cell_tanh", () -> new RNNCell(4, 5));
        unary("rnn_cell_relu_no_hx", () -> new RNNCell(4, 5, true, "relu"));
        unary("lstm_cell", () -> new LSTMCell(4, 5));
        unary("lstm_cell_unbatched_no_bias", () -> new LSTMCell(4, 5, false));
        unary("gru_cell", () -> new GRUCell(4, 5));
        // ---- transformers
        unary("transformer_encoder_layer", () -> TransformerEncoderLayer.builder(8, 2).dimFeedforward(16).build(), ATTENTION_OPSETS);
        call("transformer_encoder_layer_norm_first_gelu", () -> TransformerEncoderLayer.builder(8, 2).dimFeedforward(16)
                .activation("gelu").batchFirst(true).normFirst(true).layerNormEps(1e-6).build(),
                (m, in) -> ((TransformerEncoderLayer) m).forward(in[0], null, in[1]), ATTENTION_OPSETS);
        call("transformer_decoder_layer", () -> TransformerDecoderLayer.builder(8, 2).dimFeedforward(16).batchFirst(true).build(),
                (m, in) -> ((TransformerDecoderLayer) m).forward(in[0], in[1], in[2], null, null, in[3]), ATTENTION_OPSETS);
        unary("transformer_decoder_layer_norm_first",
                () -> TransformerDecoderLayer.builder(8, 2).dimFeedforward(16).normFirst(true).activation("gelu").build(), ATTENTION_OPSETS);
        unary("transformer_encoder",
                () -> new TransformerEncoder(TransformerEncoderLayer.builder(8, 2).dimFeedforward(16).build(), 2, new LayerNorm(8)), ATTENTION_OPSETS);
        call("transformer", () -> Transformer.builder().dModel(8).nhead(2).numEncoderLayers(2).numDecoderLayers(1)
                .dimFeedforward(16).batchFirst(true).normFirst(true).activation("gelu").build(),
                (m, in) -> ((Transformer) m).forward(in[0], in[1], null, in[2], null, null, null, null), ATTENTION_OPSETS);
        // ---- losses (state: the weight buffers, given here as placeholders of torch's shape and loaded from the fixture)
        unary("cross_entropy_smoothing_weight_ignore", () -> CrossEntropyLoss.builder().weight(Tensor.zeros(dev.onnxport.tensor.DType.FLOAT32, 5))
                .ignoreIndex(4).labelSmoothing(0.1).build(), NO_EXPORT);
        unary("cross_entropy_nd_none", () -> CrossEntropyLoss.builder().reduction("none").labelSmoothing(0.2).build(), NO_EXPORT);
        unary("cross_entropy_probabilities", () -> CrossEntropyLoss.builder().reduction("sum").labelSmoothing(0.1).build(), NO_EXPORT);
        unary("cross_entropy_plain", CrossEntropyLoss::new, NO_EXPORT);
        unary("nll_loss_weight_ignore", () -> new NLLLoss(Tensor.zeros(dev.onnxport.tensor.DType.FLOAT32, 5), 0, "mean"), NO_EXPORT);
        unary("nll_loss_nd_sum", () -> new NLLLoss(null, -100, "sum"), NO_EXPORT);
        unary("bce_with_logits_pos_weight", () -> new BCEWithLogitsLoss(Tensor.zeros(dev.onnxport.tensor.DType.FLOAT32, 3), "mean",
                Tensor.zeros(dev.onnxport.tensor.DType.FLOAT32, 3)), NO_EXPORT);
        unary("bce_with_logits_none", () -> new BCEWithLogitsLoss(null, "none", null), NO_EXPORT);
        unary("kl_div_batchmean", () -> new KLDivLoss("batchmean", false), NO_EXPORT);
        unary("kl_div_log_target_sum", () -> new KLDivLoss("sum", true), NO_EXPORT);
        unary("mse_loss", MSELoss::new, NO_EXPORT);
        unary("l1_loss_sum", () -> new L1Loss("sum"), NO_EXPORT);
        unary("smooth_l1_loss_beta", () -> new SmoothL1Loss("mean", 0.5), NO_EXPORT);
        unary("smooth_l1_loss_none", () -> new SmoothL1Loss("none", 1.0), NO_EXPORT);
        // ---- containers and options
        unary("sequential_named", () -> {
            Map<String, Module> named = new LinkedHashMap<>();
            named.put("conv", Conv2d.builder(4, 8, 3).stride(2).padding(1).groups(4).bias(false).build());
            named.put("bn", BatchNorm2d.builder(8).eps(1e-3).build());
            named.put("act", new ReLU());
            named.put("pool", MaxPool2d.builder(2).ceilMode(true).build());
            named.put("drop", new Identity());
            return new Sequential(named);
        });
        unary("module_dict_parameter_list", DictAndParams::new);
        unary("conv1d_options", () -> Conv1d.builder(4, 6, 3).stride(2).padding(2).dilation(2).groups(2).build());
        unary("conv3d_options", () -> Conv3d.builder(2, 4, 2, 3, 3).stride(1, 2, 1).padding(0, 1, 1).bias(false).build());
        // ---- defaults: built with the required arguments only
        unary("avg_pool3d_defaults", () -> new AvgPool3d(2));
        unary("embedding_bag_defaults", () -> new EmbeddingBag(10, 3));
        unary("transformer_encoder_layer_defaults", () -> new TransformerEncoderLayer(4, 2));
        unary("smooth_l1_loss_defaults", SmoothL1Loss::new, NO_EXPORT);
        unary("kl_div_defaults", KLDivLoss::new, NO_EXPORT);
        unary("bce_with_logits_defaults", BCEWithLogitsLoss::new, NO_EXPORT);
        unary("nll_loss_defaults", NLLLoss::new, NO_EXPORT);
        unary("upsample_bilinear2d_recompute",
                () -> Upsample.builder().scaleFactor(1.7).mode("bilinear").recomputeScaleFactor(true).build());
        // shapes only (no data drawn)
        unary("transformer_defaults_shapes", () -> Init.withoutData(Transformer::new), NO_EXPORT);
        unary("transformer_decoder_layer_defaults_shapes", () -> Init.withoutData(() -> new TransformerDecoderLayer(512, 8)), NO_EXPORT);
        unary("batch_norm2d_defaults_shapes", () -> new BatchNorm2d(16), NO_EXPORT);
    }

    /** The twin of the generator's DictAndParams: a ModuleDict of two Linears and a ParameterList of two scales. */
    public static final class DictAndParams extends UnaryModule {
        final ModuleDict<Linear> blocks;
        final ParameterList scales;

        public DictAndParams() {
            Map<String, Linear> m = new LinkedHashMap<>();
            m.put("proj", new Linear(3, 4));
            m.put("out", new Linear(4, 2, false));
            blocks = registerModule("blocks", new ModuleDict<>(m));
            scales = registerModule("scales", new ParameterList(Init.uniform(1, 4), Init.uniform(1, 2)));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return F.add(blocks.get("out").forward(F.mul(blocks.get("proj").forward(x), scales.get(0))), scales.get(1));
        }
    }

    public static List<LayerCase> all() { return List.copyOf(CASES); }

    /** Reads a case's fixture from the class path (copied to a temporary file, as safetensors are memory-mapped). */
    public static Fixture load(String name) {
        try (InputStream in = LayerCases.class.getResourceAsStream(RESOURCES + name + ".safetensors")) {
            if (in == null) throw new IllegalStateException("no fixture " + RESOURCES + name + ".safetensors; run tools/layer-fixtures/gen_layers.py");
            Path tmp = Files.createTempFile("layer-" + name, ".safetensors");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (SafetensorsFile f = SafetensorsFile.open(tmp)) {
                    String keys = f.metadata().getOrDefault("state_keys", "");
                    List<String> stateKeys = keys.isEmpty() ? List.of() : Arrays.asList(keys.split(","));
                    Map<String, Tensor> state = new LinkedHashMap<>();
                    Map<String, long[]> shapes = new LinkedHashMap<>();
                    String stored = f.metadata().get("state_shapes");
                    if (stored != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> m = (Map<String, Object>) dev.onnxport.util.Json.parse(stored);
                        for (String k : stateKeys) {
                            shapes.put(k, ((List<?>) m.get(k)).stream().mapToLong(v -> ((Number) v).longValue()).toArray());
                        }
                    } else {
                        for (String k : stateKeys) {
                            state.put(k, copy(f.get("state/" + k)));
                            shapes.put(k, state.get(k).shape());
                        }
                    }
                    return new Fixture(stateKeys, shapes, state, numbered(f, "input/"), numbered(f, "output/"));
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tensor[] numbered(SafetensorsFile f, String prefix) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; f.contains(prefix + i); i++) out.add(copy(f.get(prefix + i)));
        return out.toArray(new Tensor[0]);
    }

    /** A heap copy, independent of the file's mapping. */
    private static Tensor copy(Tensor t) { return F.clone(t); }

    /** The outputs of a call as a list: a tensor, or an array of them. */
    public static Tensor[] outputs(Object r) { return r instanceof Tensor t ? new Tensor[] {t} : (Tensor[]) r; }
}
