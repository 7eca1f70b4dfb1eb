package dev.onnxport.zoo.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.onnxport.nn.F;
import dev.onnxport.nn.Hardswish;
import dev.onnxport.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reusable blocks' torchvision semantics (model-level numerics: gen_tv.py fixtures, see CONTRIBUTING). */
class VisionBlocksTest {
    @Test
    void conv2dNormActivationDefaultsAreTorchvisions() {
        // norm present: conv without bias, "same" padding (k - 1) / 2 * dilation
        Map<String, Tensor> sd = Conv2dNormActivation.builder(8, 16).kernel(5).dilation(2).activation(Hardswish::new).build().stateDict();
        assertArrayEquals(new long[] {16, 8, 5, 5}, sd.get("0.weight").shape());
        assertNull(sd.get("0.bias"));
        assertArrayEquals(new long[] {16}, sd.get("1.running_var").shape());
        Tensor x = Tensor.of(new float[2 * 8 * 9 * 9], 2, 8, 9, 9);
        Conv2dNormActivation block = Conv2dNormActivation.builder(8, 16).kernel(5).dilation(2).build();
        block.eval();
        assertArrayEquals(new long[] {2, 16, 9, 9}, block.forward(x).shape());
        // no norm: the conv has a bias
        Map<String, Tensor> plain = Conv2dNormActivation.builder(8, 16).norm(null).activation(null).build().stateDict();
        assertEquals(2, plain.size());
        assertArrayEquals(new long[] {16}, plain.get("0.bias").shape());
    }

    @Test
    void stochasticDepthIsTheIdentityInEvalAndRefusesTraining() {
        StochasticDepth sd = new StochasticDepth(0.2, "row");
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        sd.eval();
        assertSame(x, sd.forward(x));
        sd.train();
        assertThrows(UnsupportedOperationException.class, () -> sd.forward(x));
        assertSame(x, new StochasticDepth(0.0, "batch").forward(x), "p = 0 drops nothing, also in training");
        assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(0.1, "rows"));
    }

    @Test
    void layerNorm2dNormalizesChannels() {
        float[] v = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < v.length; i++) v[i] = (i * 7 % 11) - 5;
        Tensor x = Tensor.of(v, 2, 3, 2, 2);
        Tensor got = new LayerNorm2d(3, 1e-6).forward(x);
        Tensor want = F.permute(F.layerNorm(F.permute(x, 0, 2, 3, 1), new long[] {3}, null, null, 1e-6), 0, 3, 1, 2);
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-6);
        Tensor mean = F.mean(got, 1, false);
        assertArrayEquals(new double[8], mean.toDoubleArray(), 1e-6);
    }

    @Test
    void channelShuffleInterleavesGroups() {
        float[] v = new float[6];
        for (int i = 0; i < 6; i++) v[i] = i;
        Tensor y = ShuffleNetV2.channelShuffle(Tensor.of(v, 1, 6, 1, 1), 2);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, y.toDoubleArray(), 0.0);
    }

    @Test
    void swinRelativePositionIndexIsTorchvisions() {
        // torchvision's define_relative_position_index for window 2: index[(p, q)] over (dh + 1) * 3 + (dw + 1)
        assertArrayEquals(new long[] {4, 3, 1, 0, 5, 4, 2, 1, 7, 6, 4, 3, 8, 7, 5, 4},
                SwinTransformer.ShiftedWindowAttention.relativePositionIndex(2));
    }

    @Test
    void regnetStageWidthsAreTorchvisions() {
        // torchvision: regnet_y_400mf BlockParams widths [48, 104, 208, 440], depths [1, 3, 6, 6]
        RegNet.BlockParams p = RegNet.BlockParams.fromInitParams(16, 48, 27.89, 2.09, 8, 0.25);
        assertArrayEquals(new long[] {48, 104, 208, 440}, p.widths());
        assertArrayEquals(new int[] {1, 3, 6, 6}, p.depths());
    }

    @Test
    void makeDivisibleRoundsLikeTorchvision() {
        assertEquals(24, Channels.makeDivisible(0.35 * 64, 8));
        assertEquals(8, Channels.makeDivisible(5.6, 8));
        assertEquals(16, MNASNet.roundToMultipleOf(0.5 * 32, 8));
        assertEquals(88, MNASNet.roundToMultipleOf(84, 8));
        assertEquals(80, MNASNet.roundToMultipleOf(83, 8));
    }
}
