package dev.onnxport.onnx.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.LayerCases;
import dev.onnxport.testing.LayerCases.Fixture;
import dev.onnxport.testing.LayerCases.LayerCase;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every inference layer of {@link LayerCases} (issue 14), with PyTorch's weights, exported at opsets 17, 13 and 11
 * (the transformer layers also at 23 and 26, with Attention nodes)
 * with {@code verify(true)} (ONNX Runtime against the eager layer), and the file's outputs compared with PyTorch's
 * outputs of the fixture (elementwise, rtol 1e-4, atol 1e-5). The losses and Identity are not exported.
 */
class LayerExportTest {
    @TempDir Path dir;

    /** The layer as the traced model: its call with the case's arguments, the layer a child named "layer". */
    private static final class Call extends Module {
        private final LayerCase c;
        private final Module layer;

        Call(LayerCase c, Module layer) {
            this.c = c;
            this.layer = registerModule("layer", layer);
        }

        @Override public Object invoke(Tensor... in) { return c.run(layer, in); }
    }

    @TestFactory
    Stream<DynamicTest> everyInferenceLayerExportsAndMatchesPyTorchInOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LayerCase c : LayerCases.all()) {
            for (int opset : c.opsets()) tests.add(DynamicTest.dynamicTest(c.name() + " opset " + opset, () -> check(c, opset)));
        }
        return tests.stream();
    }

    /**
     * The composed layers keep sizes read from their inputs symbolic: exported at opset 17 with a dynamic dim (the
     * batch, or the number of indices of an EmbeddingBag), {@code verify(true)} also runs two other sizes against the
     * eager layer. Case name to the dynamic axis of each input (-1: static).
     */
    private static final Map<String, int[]> DYNAMIC = new LinkedHashMap<>();

    static {
        for (String n : List.of("max_pool3d", "avg_pool3d", "avg_pool3d_divisor", "adaptive_avg_pool3d", "adaptive_max_pool3d",
                "avg_pool1d", "adaptive_avg_pool1d", "adaptive_max_pool1d", "adaptive_max_pool2d", "upsample_nearest1d",
                "upsample_nearest3d", "upsample_linear1d", "upsample_trilinear3d", "reflection_pad1d", "reflection_pad3d",
                "replication_pad3d", "circular_pad2d", "constant_pad3d", "pixel_unshuffle", "unflatten", "embedding_bag_mean_2d",
                "rnn_cell_relu_no_hx", "module_dict_parameter_list", "sequential_named")) {
            DYNAMIC.put(n, new int[] {0});
        }
        DYNAMIC.put("rnn_cell_tanh", new int[] {0, 0});
        DYNAMIC.put("gru_cell", new int[] {0, 0});
        DYNAMIC.put("lstm_cell", new int[] {0, 0, 0});
        DYNAMIC.put("embedding_bag_sum_offsets", new int[] {0, -1, 0});
        DYNAMIC.put("transformer_encoder_layer", new int[] {1, -1});
        DYNAMIC.put("transformer_encoder", new int[] {1});
        DYNAMIC.put("transformer_decoder_layer_norm_first", new int[] {1, 1});
        DYNAMIC.put("transformer", new int[] {0, 0, -1});
    }

    @TestFactory
    Stream<DynamicTest> composedLayersKeepADynamicDim() {
        return DYNAMIC.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            LayerCase c = LayerCases.all().stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
            Map<String, Map<Integer, String>> axes = new LinkedHashMap<>();
            for (int i = 0; i < e.getValue().length; i++) if (e.getValue()[i] >= 0) axes.put("in" + i, Map.of(e.getValue()[i], "batch"));
            check(c, 17, axes);
        }));
    }

    private void check(LayerCase c, int opset) { check(c, opset, Map.of()); }

    private void check(LayerCase c, int opset, Map<String, Map<Integer, String>> dynamic) {
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assumeTrue(ort != null, "no RuntimeVerifier on the class path");
        Fixture fx = LayerCases.load(c.name());
        Module layer = c.build().get();
        layer.loadStateDict(fx.state());
        Module model = new Call(c, layer);
        model.eval();
        String[] names = new String[fx.inputs().length];
        for (int i = 0; i < names.length; i++) names[i] = "in" + i;
        Path file = dir.resolve(c.name() + "-" + opset + ".onnx");
        ExportOptions.Builder o = ExportOptions.builder().opsetVersion(opset).inputNames(names).verify(true);
        dynamic.forEach(o::dynamicAxes);
        OnnxExport.export(model, fx.inputs(), file, o.build());
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) feeds.put(names[i], fx.inputs()[i]);
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise())
                .compare(file, feeds, Arrays.asList(fx.outputs()));
        assertTrue(r.passed(), c + " at opset " + opset + " against PyTorch:\n" + r.summary());
        if (c.name().startsWith("transformer")) {
            // nn.MultiheadAttention without weights is one scaled_dot_product_attention: one Attention node per
            // attention from opset 23 (encoder layer 1, decoder layer 2), none before
            try (OnnxModel m = OnnxModelReader.read(file)) {
                long attention = m.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Attention")).count();
                assertEquals(opset >= 23, attention > 0, c + " at opset " + opset + ": " + attention + " Attention nodes");
            }
        }
    }
}
