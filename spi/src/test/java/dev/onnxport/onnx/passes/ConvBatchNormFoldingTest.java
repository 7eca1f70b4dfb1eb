package dev.onnxport.onnx.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.MappedTensors;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvBatchNormFolding} on a hand-built Conv + BatchNormalization: the folded weight and bias equal the
 * formula evaluated here (scale / sqrt(var + eps) per output channel, each product in double rounded once to
 * float), bit for bit, for a weight on the heap and the same weight in a memory-mapped style buffer at an offset
 * (the path a checkpoint's weights take), with enough channels that the pass splits them over threads.
 */
class ConvBatchNormFoldingTest {
    private static final int OUT = 96, IN = 40, K = 3, PER = IN * K * K;

    private static float weight(int i) { return (float) Math.sin(i * 0.37) * 3 - 0.25f; }

    private static Tensor channels(double base) {
        float[] v = new float[OUT];
        for (int o = 0; o < OUT; o++) v[o] = (float) (base + 0.01 * o);
        return Tensor.of(v, OUT);
    }

    private static Tensor heapWeight() {
        float[] w = new float[OUT * PER];
        for (int i = 0; i < w.length; i++) w[i] = weight(i);
        return Tensor.of(w, OUT, IN, K, K);
    }

    private static Tensor mappedWeight() {
        int skip = 3;
        float[] w = new float[OUT * PER];
        for (int i = 0; i < w.length; i++) w[i] = weight(i);
        return MappedTensors.floats(w, skip).asStrided(new long[] {OUT, IN, K, K}, new long[] {PER, K * K, K, 1}, skip);
    }

    private static void foldsAsTheFormulaSays(Tensor w) {
        Graph g = new Graph("g");
        Value x = g.addInput("x", Type.tensor(DType.FLOAT32));
        Tensor scale = channels(0.5), shift = channels(-1), mean = channels(0.2), var = channels(1.5);
        Node conv = g.body().append("onnx::Conv", null);
        conv.addInput(x).addInput(g.addInitializer("w", w));
        Value c = conv.addOutput(Type.tensor(DType.FLOAT32));
        Node bn = g.body().append("onnx::BatchNormalization", null);
        bn.addInput(c).addInput(g.addInitializer("scale", scale)).addInput(g.addInitializer("shift", shift))
                .addInput(g.addInitializer("mean", mean)).addInput(g.addInitializer("var", var));
        bn.setAttr("epsilon", 1e-5);
        g.addOutput(bn.addOutput(Type.tensor(DType.FLOAT32)).setName("y"));

        assertTrue(new ConvBatchNormFolding().run(g));
        assertEquals(1, g.nodes().size(), "only the Conv is left");
        Tensor fw = conv.input(1).data(), fb = conv.input(2).data();
        double eps = (float) 1e-5;
        for (int o = 0; o < OUT; o++) {
            double s = scale.getDoubleFlat(o) / Math.sqrt(var.getDoubleFlat(o) + eps);
            assertEquals((float) ((0 - mean.getDoubleFlat(o)) * s + shift.getDoubleFlat(o)), (float) fb.getDoubleFlat(o), "bias " + o);
            for (int k = 0; k < PER; k++) {
                int i = o * PER + k;
                assertEquals(Float.floatToRawIntBits((float) (weight(i) * s)),
                        Float.floatToRawIntBits((float) fw.getDoubleFlat(i)), "weight " + i);
            }
        }
    }

    @Test
    void heapWeightFolds() {
        Tensor w = heapWeight();
        foldsAsTheFormulaSays(w);
        assertEquals(weight(5), (float) w.getDoubleFlat(5), "the heap weight itself is left as it was");
    }

    @Test
    void mappedWeightAtAnOffsetFolds() { foldsAsTheFormulaSays(mappedWeight()); }
}
