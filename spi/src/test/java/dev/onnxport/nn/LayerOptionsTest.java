package dev.onnxport.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builders and containers of issue 14 beside the PyTorch fixtures: defaults, equivalence with the constructors, errors. */
class LayerOptionsTest {
    private static Tensor x(long... shape) {
        Init.manualSeed(3);
        return Init.normal(0, 1, shape);
    }

    @Test
    void aBuilderWithoutOptionsIsTheShortConstructor() {
        Init.manualSeed(5);
        Conv2d a = new Conv2d(4, 6, 3);
        Init.manualSeed(5);
        Conv2d b = Conv2d.builder(4, 6, 3).build();
        assertArrayEquals(a.weight().floats(), b.weight().floats());
        assertArrayEquals(a.bias().floats(), b.bias().floats());
        Tensor in = x(1, 4, 7, 7);
        assertArrayEquals(a.forward(in).floats(), b.forward(in).floats());
    }

    @Test
    void convBuilderSetsEveryOptionByName() {
        Conv2d c = Conv2d.builder(3, 64, 3).stride(2).padding(1).groups(1).bias(false).build();
        assertNull(c.bias());
        assertArrayEquals(new long[] {1, 64, 4, 4}, c.forward(x(1, 3, 8, 8)).shape());
        Conv2d g = Conv2d.builder(8, 16, 3).groups(4).build();
        assertArrayEquals(new long[] {16, 2, 3, 3}, g.weight().shape());
        ConvTranspose2d t = ConvTranspose2d.builder(4, 2, 3).stride(2).padding(1).outputPadding(1).build();
        assertArrayEquals(new long[] {1, 2, 10, 10}, t.forward(x(1, 4, 5, 5)).shape());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(3, 4, 3).outputPadding(1));
    }

    @Test
    void poolBuildersDefaultTheStrideToTheKernel() {
        Tensor in = x(1, 2, 6, 6);
        assertArrayEquals(new MaxPool2d(2).forward(in).floats(), MaxPool2d.builder(2).build().forward(in).floats());
        assertArrayEquals(new AvgPool2d(3).forward(in).floats(), AvgPool2d.builder(3).build().forward(in).floats());
        assertArrayEquals(new long[] {1, 2, 4, 4}, MaxPool2d.builder(3).stride(2).padding(1).ceilMode(true).build().forward(in).shape());
        assertThrows(IllegalArgumentException.class, () -> AvgPool1d.builder(2).divisorOverride(3L).build());
        assertThrows(IllegalArgumentException.class, () -> MaxPool1d.builder(2).stride(1, 1).build());
    }

    @Test
    void normBuildersKeepTheLayersDefaults() {
        BatchNorm2d bn = BatchNorm2d.builder(4).eps(1e-3).build();
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        assertTrue(BatchNorm1d.builder(4).affine(false).trackRunningStats(false).build().stateDict().isEmpty());
        assertTrue(InstanceNorm2d.builder(4).build().stateDict().isEmpty(), "InstanceNorm2d: affine and tracking off by default");
        assertEquals(List.of("weight", "bias"), List.copyOf(InstanceNorm2d.builder(4).affine(true).build().stateDict().keySet()));
    }

    @Test
    void recurrentAndAttentionBuildersMatchTheLongConstructors() {
        Init.manualSeed(4);
        LSTM a = new LSTM(3, 4, 2, true, true, 0, true);
        Init.manualSeed(4);
        LSTM b = LSTM.builder(3, 4).numLayers(2).batchFirst(true).bidirectional(true).build();
        assertEquals(a.stateDict().keySet(), b.stateDict().keySet());
        assertTrue(b.stateDict().containsKey("weight_hh_l1_reverse"));
        Tensor in = x(2, 5, 3);
        assertArrayEquals(a.forward(in)[0].floats(), b.forward(in)[0].floats());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(GRU.builder(3, 4).bias(false).build().stateDict().keySet()));
        assertArrayEquals(new long[] {5, 2, 4}, RNN.builder(3, 4).nonlinearity("relu").build().forward(x(5, 2, 3))[0].shape());
        assertThrows(IllegalArgumentException.class, () -> LSTM.builder(3, 4).nonlinearity("relu"));
        MultiheadAttention m = MultiheadAttention.builder(8, 2).bias(false).batchFirst(true).build();
        assertEquals(List.of("in_proj_weight", "out_proj.weight"), List.copyOf(m.stateDict().keySet()));
        Tensor q = x(2, 3, 8);
        assertArrayEquals(new long[] {2, 3, 8}, m.forward(q, q, q)[0].shape());
    }

    @Test
    void upsampleAndTransformerOptionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Upsample.builder().build());
        assertThrows(IllegalArgumentException.class, () -> Upsample.builder().size(4).scaleFactor(2).build());
        assertThrows(IllegalArgumentException.class, () -> Upsample.builder().size(4).mode("bicubic").build());
        assertThrows(IllegalArgumentException.class, () -> Upsample.builder().size(4).alignCorners(true).build());
        assertThrows(IllegalArgumentException.class, () -> Upsample.builder().size(4, 4).mode("trilinear").build().forward(x(1, 1, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> TransformerEncoderLayer.builder(8, 2).activation("tanh"));
        assertThrows(IllegalArgumentException.class, () -> TransformerEncoderLayer.builder(8, 3).build());
        TransformerEncoderLayer custom = TransformerEncoderLayer.builder(8, 2).dimFeedforward(4).activation(F::silu).build();
        assertArrayEquals(new long[] {3, 2, 8}, custom.forward(x(3, 2, 8)).shape());
    }

    @Test
    void encoderCopiesTheLayersWeightsIntoEachLayer() {
        TransformerEncoderLayer layer = TransformerEncoderLayer.builder(8, 2).dimFeedforward(16).build();
        TransformerEncoder enc = new TransformerEncoder(layer, 3);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(layer.stateDict().get("linear1.weight").floats(), enc.stateDict().get("layers." + i + ".linear1.weight").floats());
        }
        // copies, not shared tensors
        assertTrue(enc.stateDict().get("layers.0.linear1.weight") != enc.stateDict().get("layers.1.linear1.weight"));
        assertTrue(enc.stateDict().keySet().stream().noneMatch(k -> k.startsWith("norm")));
    }

    @Test
    void subsequentMaskIsMinusInfinityAboveTheDiagonal() {
        Tensor m = Transformer.generateSquareSubsequentMask(3);
        float inf = Float.NEGATIVE_INFINITY;
        assertArrayEquals(new float[] {0, inf, inf, 0, 0, inf, 0, 0, 0}, m.floats());
    }

    @Test
    void namedSequentialModuleDictAndParameterList() {
        Map<String, Module> named = new LinkedHashMap<>();
        named.put("fc", new Linear(3, 4));
        named.put("act", new ReLU());
        Sequential s = new Sequential(named).add("out", new Linear(4, 2));
        assertEquals(List.of("fc.weight", "fc.bias", "out.weight", "out.bias"), List.copyOf(s.stateDict().keySet()));
        assertSame(named.get("act"), s.get("act"));
        assertSame(s.get(2), s.get("out"));
        assertThrows(IllegalArgumentException.class, () -> s.get("nope"));
        assertThrows(IllegalArgumentException.class, () -> s.add("fc", new ReLU()));
        Tensor in = x(2, 3);
        Tensor want = ((Linear) s.get("out")).forward(F.relu(((Linear) s.get("fc")).forward(in)));
        assertArrayEquals(want.floats(), s.forward(in).floats());

        ModuleDict<Linear> d = new ModuleDict<Linear>().put("a", new Linear(2, 2, false));
        assertTrue(d.containsKey("a"));
        assertEquals(List.of("a.weight"), List.copyOf(d.stateDict().keySet()));
        assertThrows(IllegalArgumentException.class, () -> d.get("b"));

        ParameterList p = new ParameterList(Init.ones(2), Init.zeros(3));
        assertEquals(List.of("0", "1"), List.copyOf(p.stateDict().keySet()));
        p.loadStateDict(Map.of("0", Tensor.of(new float[] {5, 6}, 2), "1", Init.ones(3)));
        assertArrayEquals(new float[] {5, 6}, p.get(0).floats(), "get reads the loaded tensor");
    }

    @Test
    void embeddingBagChecksItsArguments() {
        EmbeddingBag mean = new EmbeddingBag(5, 2);
        Tensor idx = Tensor.of(new long[] {1, 2, 3, 4}, 4);
        assertThrows(IllegalArgumentException.class, () -> mean.forward(idx, Tensor.of(new long[] {0, 2}, 2), Init.ones(4)));
        assertThrows(IllegalArgumentException.class, () -> mean.forward(idx));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingBag.builder(5, 2).mode("median").build());
        // an empty bag (offsets 0, 2, 2) gives zeros, as PyTorch
        Tensor out = mean.forward(idx, Tensor.of(new long[] {0, 2, 2}, 3), null);
        assertArrayEquals(new float[] {0, 0}, F.select(out, 0, 1).floats());
        assertNull(Fixtures.compare(F.select(out, 0, 0), F.mean(F.embedding(F.slice(idx, 0, 0L, 2L, 1), mean.weight()), 0, false), 1e-6, 1e-7));
    }

    @Test
    void rnnCellsStartFromZerosWithoutAHiddenState() {
        Init.manualSeed(9);
        GRUCell gru = new GRUCell(3, 4);
        Tensor in = x(2, 3);
        assertArrayEquals(gru.forward(in, F.zeros(2, 4)).floats(), gru.forward(in).floats());
        LSTMCell lstm = new LSTMCell(3, 4);
        Tensor[] a = lstm.forward(in), b = lstm.forward(in, F.zeros(2, 4), F.zeros(2, 4));
        assertArrayEquals(a[0].floats(), b[0].floats());
        assertArrayEquals(a[1].floats(), b[1].floats());
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(in, F.zeros(2, 4), null));
        assertThrows(IllegalArgumentException.class, () -> new RNNCell(3, 4, true, "sigmoid"));
        assertEquals(List.of("weight_ih", "weight_hh"), List.copyOf(new GRUCell(3, 4, false).stateDict().keySet()));
    }

    @Test
    void lossesCheckTheirOptions() {
        assertThrows(IllegalArgumentException.class, () -> new MSELoss("average"));
        assertThrows(IllegalArgumentException.class, () -> new L1Loss("batchmean"));
        assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.builder().labelSmoothing(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(x(2, 3), x(3, 2)).floats());
        assertTrue(new CrossEntropyLoss().stateDict().isEmpty(), "no weight buffer when none is given");
    }
}
