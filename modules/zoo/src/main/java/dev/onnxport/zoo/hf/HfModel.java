package dev.onnxport.zoo.hf;

import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.SafetensorsCheckpoint;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Hugging Face folder loaded into its Java twin ({@link HfModels#load}): the exported interface (names and dynamic
 * axes as Optimum gives them) and example inputs to trace with. Close it to release the weights' mappings.
 */
public record HfModel(Path folder, String architecture, HfConfig config, Module module, SafetensorsCheckpoint weights)
        implements AutoCloseable {

    /** The example sizes a decoder is traced at: all different, so no size is mistaken for another. */
    static final long BATCH = 2, SEQ = 3, PAST = 4;

    public boolean isDecoder() { return module instanceof CausalLM; }

    /** The twin as a decoder; fails for an encoder such as BERT. */
    public CausalLM decoder() {
        if (module instanceof CausalLM lm) return lm;
        throw new IllegalStateException(architecture + " is not a decoder language model");
    }

    public List<String> inputNames(boolean cache) {
        return module instanceof CausalLM lm ? lm.inputNames(cache) : BertModel.INPUT_NAMES;
    }

    public List<String> outputNames(boolean cache) {
        return module instanceof CausalLM lm ? lm.outputNames(cache) : BertModel.OUTPUT_NAMES;
    }

    public Map<String, Map<Integer, String>> dynamicAxes(boolean cache) {
        return module instanceof CausalLM lm ? lm.dynamicAxes(cache) : BertModel.DYNAMIC_AXES;
    }

    /**
     * Inputs to trace with, the same on every run: a decoder gets {@link #BATCH} rows of {@link #SEQ} new tokens after
     * {@link #PAST} cached ones (random cache values) or, without a cache, the {@link #SEQ} tokens alone.
     */
    public Tensor[] exampleInputs(boolean cache) {
        SplittableRandom r = new SplittableRandom(1);
        if (!(module instanceof CausalLM lm)) {
            BertModel.Config c = ((BertModel) module).config();
            long s = 5;
            return new Tensor[] {ids(r, c.vocabSize(), BATCH, s), filled(1, BATCH, s), filled(0, BATCH, s)};
        }
        long past = cache ? PAST : 0;
        List<Tensor> in = new ArrayList<>();
        in.add(ids(r, lm.vocabSize(), BATCH, SEQ));
        in.add(filled(1, BATCH, past + SEQ));
        long[] pos = new long[(int) (BATCH * SEQ)];
        for (int i = 0; i < pos.length; i++) pos[i] = past + i % SEQ;
        in.add(Tensor.of(pos, BATCH, SEQ));
        if (cache) {
            for (int i = 0; i < 2 * lm.numLayers(); i++) {
                float[] v = new float[(int) (BATCH * lm.numKvHeads() * past * lm.headDim())];
                for (int k = 0; k < v.length; k++) v[k] = (float) (r.nextDouble() * 2 - 1);
                in.add(Tensor.of(v, BATCH, lm.numKvHeads(), past, lm.headDim()));
            }
        }
        return in.toArray(Tensor[]::new);
    }

    static Tensor ids(SplittableRandom r, long vocab, long... shape) {
        long[] v = new long[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextLong(vocab);
        return Tensor.of(v, shape);
    }

    static Tensor filled(long value, long... shape) {
        long[] v = new long[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        Arrays.fill(v, value);
        return Tensor.of(v, shape);
    }

    @Override
    public void close() { if (weights != null) weights.close(); }

}
