package dev.onnxport.onnx.models;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Module;
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

    private void check(LayerCase c, int opset) {
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
        OnnxExport.export(model, fx.inputs(), file,
                ExportOptions.builder().opsetVersion(opset).inputNames(names).verify(true).build());
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) feeds.put(names[i], fx.inputs()[i]);
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise())
                .compare(file, feeds, Arrays.asList(fx.outputs()));
        assertTrue(r.passed(), c + " at opset " + opset + " against PyTorch:\n" + r.summary());
    }
}
