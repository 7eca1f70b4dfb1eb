package dev.onnxport.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State-dict names and shapes as in torchvision 0.14 (keys and shapes read from torchvision's state_dict()). */
class ZooStateDictNamesTest {
    @Test
    void resnet50MatchesTorchvision() {
        Map<String, Tensor> sd = ResNet.resnet50().stateDict();
        assertEquals(320, sd.size(), "resnet50 state_dict entries (53 convs, 53 batch norms with 5 entries each, fc)");
        Map<String, long[]> want = new LinkedHashMap<>();
        want.put("conv1.weight", new long[] {64, 3, 7, 7});
        want.put("bn1.num_batches_tracked", new long[] {});
        want.put("layer1.0.conv1.weight", new long[] {64, 64, 1, 1});
        want.put("layer1.0.conv3.weight", new long[] {256, 64, 1, 1});
        want.put("layer1.0.downsample.0.weight", new long[] {256, 64, 1, 1});
        want.put("layer1.0.downsample.1.running_mean", new long[] {256});
        want.put("layer2.0.conv2.weight", new long[] {128, 128, 3, 3});
        want.put("layer2.3.bn2.bias", new long[] {128});
        want.put("layer3.5.bn3.running_var", new long[] {1024});
        want.put("layer4.0.downsample.0.weight", new long[] {2048, 1024, 1, 1});
        want.put("layer4.2.conv3.weight", new long[] {2048, 512, 1, 1});
        want.put("fc.weight", new long[] {1000, 2048});
        want.put("fc.bias", new long[] {1000});
        for (Map.Entry<String, long[]> e : want.entrySet()) {
            Tensor t = sd.get(e.getKey());
            assertNotNull(t, "resnet50 has no " + e.getKey());
            assertArrayEquals(e.getValue(), t.shape(), e.getKey());
        }
        assertEquals(DType.INT64, sd.get("layer3.5.bn3.num_batches_tracked").dtype());
        assertEquals(null, sd.get("layer1.1.downsample.0.weight"), "only the first block of a stage downsamples");
        // torchvision's first and last keys, in state_dict order
        assertEquals("conv1.weight", sd.keySet().iterator().next());
        assertEquals("fc.bias", sd.keySet().stream().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void resnet34HasBasicBlocks() {
        Map<String, Tensor> sd = ResNet.resnet34().stateDict();
        assertEquals(218, sd.size(), "resnet34 state_dict entries (36 convs, 36 batch norms, fc)");
        assertArrayEquals(new long[] {256, 256, 3, 3}, sd.get("layer3.5.conv2.weight").shape());
        assertArrayEquals(new long[] {1000, 512}, sd.get("fc.weight").shape());
    }

    /** ResNet V1.5 as torchvision: the stride sits on the 3x3 conv2 of a bottleneck, not on its 1x1 conv1. */
    @Test
    void bottleneckStridesOnTheThreeByThree() {
        Module block = new Bottleneck(256, 128, 2).eval();
        Graph g = Tracer.trace(block, TraceOptions.defaults().withShapeOnly(true), Tensor.zeros(DType.FLOAT32, 1, 256, 8, 8));
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (n.output().type().isTensor() && n.scope() != null) out.put(n.scope().name(), n.output().type().shape());
        }
        assertArrayEquals(new long[] {1, 128, 8, 8}, out.get("conv1"));
        assertArrayEquals(new long[] {1, 128, 4, 4}, out.get("conv2"));
        assertArrayEquals(new long[] {1, 512, 4, 4}, out.get("conv3"));
        assertArrayEquals(new long[] {1, 512, 4, 4}, out.get("downsample.0"));
    }

    @Test
    void mobilenetV2MatchesTorchvision() {
        Map<String, Tensor> sd = new MobileNetV2().stateDict();
        assertEquals(314, sd.size(), "mobilenet_v2 state_dict entries (52 convs, 52 batch norms, classifier)");
        assertArrayEquals(new long[] {32, 3, 3, 3}, sd.get("features.0.0.weight").shape());
        assertArrayEquals(new long[] {32, 1, 3, 3}, sd.get("features.1.conv.0.0.weight").shape());
        assertArrayEquals(new long[] {16, 32, 1, 1}, sd.get("features.1.conv.1.weight").shape());
        assertArrayEquals(new long[] {96, 16, 1, 1}, sd.get("features.2.conv.0.0.weight").shape());
        assertArrayEquals(new long[] {320}, sd.get("features.17.conv.3.running_var").shape());
        assertArrayEquals(new long[] {1280, 320, 1, 1}, sd.get("features.18.0.weight").shape());
        assertArrayEquals(new long[] {1000, 1280}, sd.get("classifier.1.weight").shape());
    }

    @Test
    void mobilenetV2WidthMultiplierRoundsLikeTorchvision() {
        // mobilenet_v2(width_mult=0.5): first conv 16, last 1280 (never below 1x); width 1.4: first 48, last 1792
        assertArrayEquals(new long[] {16, 3, 3, 3},
                new MobileNetV2(new MobileNetV2.Config(1000, 0.5, 8, 0.2)).stateDict().get("features.0.0.weight").shape());
        Map<String, Tensor> wide = new MobileNetV2(new MobileNetV2.Config(10, 1.4, 8, 0.2)).stateDict();
        assertArrayEquals(new long[] {48, 3, 3, 3}, wide.get("features.0.0.weight").shape());
        assertArrayEquals(new long[] {10, 1792}, wide.get("classifier.1.weight").shape());
        assertEquals(24, MobileNetV2.makeDivisible(0.35 * 64, 8), "22.4 rounds to 24");
        assertEquals(8, MobileNetV2.makeDivisible(0.35 * 16, 8), "5.6 rounds to the divisor");
    }
}
