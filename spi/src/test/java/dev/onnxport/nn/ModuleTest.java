package dev.onnxport.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State-dict names and order, strict loading, modes and initialization of the nn layers (no kernels needed). */
class ModuleTest {

    /** A torchvision-like nesting: own layers, a Sequential of blocks with an optional downsample, a head. */
    static final class Block extends Module {
        Block(boolean down) {
            registerModule("conv1", new Conv2d(4, 4, 3, 1, 1, 1, 1, false));
            registerModule("bn1", new BatchNorm2d(4));
            registerModule("relu", new ReLU());
            if (down) registerModule("downsample", new Sequential(new Conv2d(4, 4, 1, 1, 0, 1, 1, false), new BatchNorm2d(4)));
        }
    }

    static final class Net extends Module {
        Net() {
            registerModule("conv1", new Conv2d(3, 4, 3));
            registerModule("layer1", new Sequential(new Block(true), new Block(false)));
            registerModule("rnn", new LSTM(4, 5, 2, true, true, 0, true));
            registerModule("attn", new MultiheadAttention(8, 2));
            registerModule("fc", new Linear(4, 2));
        }
    }

    @Test
    void stateDictNamesAndOrderFollowPyTorch() {
        List<String> want = new ArrayList<>(List.of("conv1.weight", "conv1.bias"));
        for (String b : List.of("layer1.0.", "layer1.1.")) {
            want.add(b + "conv1.weight");
            for (String s : List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")) want.add(b + "bn1." + s);
            if (b.equals("layer1.0.")) {
                want.add(b + "downsample.0.weight");
                for (String s : List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")) {
                    want.add(b + "downsample.1." + s);
                }
            }
        }
        for (String l : List.of("l0", "l0_reverse", "l1", "l1_reverse")) {
            for (String p : List.of("weight_ih_", "weight_hh_", "bias_ih_", "bias_hh_")) want.add("rnn." + p + l);
        }
        want.addAll(List.of("attn.in_proj_weight", "attn.in_proj_bias", "attn.out_proj.weight", "attn.out_proj.bias",
                "fc.weight", "fc.bias"));
        Net net = new Net();
        assertEquals(want, new ArrayList<>(net.stateDict().keySet()));
        assertFalse(net.namedParameters().containsKey("layer1.0.bn1.running_mean"), "buffers are not parameters");
        assertTrue(net.namedBuffers().containsKey("layer1.0.bn1.num_batches_tracked"));
    }

    @Test
    void parameterShapesFollowPyTorch() {
        Map<String, Tensor> sd = new Net().stateDict();
        assertArrayEquals(new long[] {4, 3, 3, 3}, sd.get("conv1.weight").shape());
        assertArrayEquals(new long[] {20, 4}, sd.get("rnn.weight_ih_l0").shape());
        assertArrayEquals(new long[] {20, 10}, sd.get("rnn.weight_ih_l1_reverse").shape());
        assertArrayEquals(new long[] {24, 8}, sd.get("attn.in_proj_weight").shape());
        assertEquals(DType.INT64, sd.get("layer1.0.bn1.num_batches_tracked").dtype());
        assertArrayEquals(new long[] {6, 2, 3, 3}, new ConvTranspose2d(6, 4, 3, 1, 0, 0, 2, true, 1).weight().shape());
        assertArrayEquals(new long[] {8, 2, 3, 3, 3}, new Conv3d(4, 8, 3, 1, 0, 1, 2, true).weight().shape());
        assertArrayEquals(new long[] {3 * 7, 5}, new GRU(5, 7).stateDict().get("weight_ih_l0").shape());
        assertArrayEquals(new long[] {7}, new RNN(5, 7).stateDict().get("bias_hh_l0").shape());
        assertNull(new Linear(3, 2, false).bias());
        assertEquals(List.of("weight"), new ArrayList<>(new Linear(3, 2, false).stateDict().keySet()));
    }

    @Test
    void strictLoadReportsEveryFaultAtOnceAndChangesNothing() {
        Net net = new Net();
        Map<String, Tensor> before = net.stateDict();
        Map<String, Tensor> sd = new LinkedHashMap<>(before);
        sd.remove("fc.bias");
        sd.remove("layer1.1.bn1.running_var");
        sd.put("fc.extra", Tensor.zeros(DType.FLOAT32, 2));
        sd.put("conv1.weight", Tensor.zeros(DType.FLOAT32, 4, 3, 5, 5));
        sd.put("conv1.bias", Tensor.zeros(DType.FLOAT32, 4));  // valid, but must not be applied
        StateDictException e = assertThrows(StateDictException.class, () -> net.loadStateDict(sd));
        assertEquals(List.of("layer1.1.bn1.running_var", "fc.bias"), e.missingKeys());
        assertEquals(List.of("fc.extra"), e.unexpectedKeys());
        assertEquals(1, e.mismatchedKeys().size());
        assertTrue(e.mismatchedKeys().get(0).startsWith("conv1.weight: expected [4, 3, 3, 3], got [4, 3, 5, 5]"), e.getMessage());
        Map<String, Tensor> after = net.stateDict();
        for (String k : before.keySet()) assertSame(before.get(k), after.get(k), k + " was changed by a failed load");
    }

    @Test
    void loadReplacesTensorsAndKeepsDtypes() {
        Linear l = new Linear(2, 3);
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);  // float64 is converted to the parameter's float32
        l.loadStateDict(Map.of("weight", w, "bias", Tensor.of(new float[] {7, 8, 9}, 3)));
        assertEquals(DType.FLOAT32, l.weight().dtype());
        assertEquals(6.0, l.weight().getDouble(2, 1));
        assertEquals(9.0, l.bias().getDouble(2));
    }

    @Test
    void trainAndEvalPropagateToAllDescendants() {
        Net net = new Net();
        assertTrue(net.namedModules().values().stream().allMatch(Module::isTraining), "modules start in training mode");
        net.eval();
        assertTrue(net.namedModules().values().stream().noneMatch(Module::isTraining));
        net.namedModules().get("layer1").train();
        assertTrue(net.namedModules().get("layer1.0.downsample.1").isTraining());
        assertFalse(net.namedModules().get("fc").isTraining());
    }

    @Test
    void initIsReproducibleFromTheSeedAndFollowsPyTorchBounds() {
        Init.manualSeed(42);
        Tensor a = new Linear(100, 50).weight();
        Init.manualSeed(42);
        Tensor b = new Linear(100, 50).weight();
        assertArrayEquals(a.floats(), b.floats());
        double bound = 1 / Math.sqrt(100);
        double max = 0;
        for (float v : a.floats()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.9 * bound, "kaiming-uniform bound 1/sqrt(fan_in): max " + max);

        BatchNorm2d bn = new BatchNorm2d(3);
        assertArrayEquals(new float[] {1, 1, 1}, bn.stateDict().get("weight").floats());
        assertArrayEquals(new float[] {0, 0, 0}, bn.runningMean().floats());
        assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar().floats());
        assertEquals(0, bn.numBatchesTracked().itemLong());

        Embedding emb = new Embedding(5, 4, 2L);
        for (long j = 0; j < 4; j++) assertEquals(0.0, emb.weight().getDouble(2, j), "padding row is zero");

        MultiheadAttention mha = new MultiheadAttention(8, 2);
        assertArrayEquals(new float[24], mha.stateDict().get("in_proj_bias").floats());
        assertArrayEquals(new float[8], mha.stateDict().get("out_proj.bias").floats());
    }

    @Test
    void constructorsRejectBadConfigurations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 0, 1, 2, true));
        assertTrue(e.getMessage().contains("groups"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        assertThrows(IllegalArgumentException.class, () -> new GELU("fast"));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(new long[] {2, 2, 2}, new long[] {2}, new long[] {0},
                new long[] {1}, false));
    }

    @Test
    void withoutDataBuildsMetaParametersThatLoadStateDictReplaces() {
        Linear skeleton = Init.withoutData(() -> new Linear(3, 2));
        assertTrue(skeleton.namedParameters().values().stream().allMatch(Tensor::isMeta));
        assertFalse(Init.isWithoutData(), "the mode ends with the builder");
        Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new float[] {7, 8}, 2);
        skeleton.loadStateDict(Map.of("weight", w, "bias", b));
        assertSame(w, skeleton.namedParameters().get("weight"), "loaded as given (a mapped tensor stays mapped)");
        assertArrayEquals(new float[] {7 + 14, 8 + 32}, skeleton.forward(Tensor.of(new float[] {1, 2, 3}, 1, 3)).floats());
        // nothing was drawn: the next model built normally gets the same weights as without the skeleton
        Init.manualSeed(5);
        Init.withoutData(() -> new Linear(3, 2));
        float[] after = new Linear(3, 2).namedParameters().get("weight").floats().clone();
        Init.manualSeed(5);
        assertArrayEquals(new Linear(3, 2).namedParameters().get("weight").floats(), after);
    }
}
