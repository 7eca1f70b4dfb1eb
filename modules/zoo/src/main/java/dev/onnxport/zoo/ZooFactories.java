package dev.onnxport.zoo;

import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The bundled models as {@link ModelFactory} services, named like the fixtures in
 * {@code ../shared/fixtures/models}. Weights come from seed 0 and example inputs from seed 1, so every run
 * builds the same numbers; load a PyTorch checkpoint with {@link Module#loadStateDict} to get real weights.
 */
public final class ZooFactories {
    private ZooFactories() {}

    /** Common plumbing: name, io names, dynamic axes, seeded construction. */
    abstract static class Base implements ModelFactory {
        private final String name;
        private final String description;
        private final List<String> inputs;
        private final List<String> outputs;
        private final Map<String, Map<Integer, String>> axes;
        private final Supplier<Module> constructor;

        Base(String name, String description, List<String> inputs, List<String> outputs,
             Map<String, Map<Integer, String>> axes, Supplier<Module> constructor) {
            this.name = name;
            this.description = description;
            this.inputs = inputs;
            this.outputs = outputs;
            this.axes = axes;
            this.constructor = constructor;
        }

        @Override public String name() { return name; }
        @Override public String description() { return description; }
        @Override public List<String> inputNames() { return inputs; }
        @Override public List<String> outputNames() { return outputs; }
        @Override public Map<String, Map<Integer, String>> dynamicAxes() { return axes; }

        @Override
        public Module create() {
            Module m;
            // Init draws from one process-wide generator: hold its lock so the seed and every draw are ours.
            synchronized (Init.class) {
                Init.manualSeed(0);
                m = constructor.get();
            }
            m.eval();
            return m;
        }
    }

    static final Map<Integer, String> BATCH = Map.of(0, "batch");
    static final Map<Integer, String> BATCH_SEQ = Map.of(0, "batch", 1, "seq");

    static Tensor randn(SplittableRandom r, long... shape) {
        float[] v = new float[Math.toIntExact(dev.onnxport.tensor.Shapes.numel(shape))];
        for (int i = 0; i < v.length; i++) {
            // Box-Muller: standard normal samples
            double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return Tensor.of(v, shape);
    }

    static Tensor ids(SplittableRandom r, long vocab, long... shape) {
        long[] v = new long[Math.toIntExact(dev.onnxport.tensor.Shapes.numel(shape))];
        for (int i = 0; i < v.length; i++) v[i] = r.nextLong(vocab);
        return Tensor.of(v, shape);
    }

    public static final class MlpFactory extends Base {
        public MlpFactory() { super("mlp", "MLP 784-256-256-10 with log_softmax", List.of("x"), List.of("output0"), Map.of("x", BATCH), Mlp::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 2, 784)}; }
    }

    public static final class LeNetFactory extends Base {
        public LeNetFactory() { super("lenet", "LeNet-5 on 1x28x28 images", List.of("x"), List.of("output0"), Map.of("x", BATCH), LeNet::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 2, 1, 28, 28)}; }
    }

    public static final class ResNet18Factory extends Base {
        public ResNet18Factory() { super("resnet18", "torchvision ResNet-18", List.of("x"), List.of("output0"), Map.of("x", BATCH), ResNet::resnet18); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 1, 3, 224, 224)}; }
    }

    public static final class MobileNetV2Factory extends Base {
        public MobileNetV2Factory() { super("mobilenet_v2", "torchvision MobileNetV2", List.of("x"), List.of("output0"), Map.of("x", BATCH), MobileNetV2::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 1, 3, 224, 224)}; }
    }

    public static final class TinyGptFactory extends Base {
        public TinyGptFactory() { super("tiny_gpt", "GPT-2 style decoder: vocab 1000, ctx 64, d 64, 2 layers, 4 heads", List.of("idx"), List.of("output0"), Map.of("idx", BATCH_SEQ), Gpt::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {ids(new SplittableRandom(1), 1000, 2, 16)}; }
    }

    public static final class TinyBertFactory extends Base {
        public TinyBertFactory() {
            super("tiny_bert", "BERT style encoder: vocab 1000, ctx 64, d 64, 2 layers, 4 heads; ids and 0/1 mask",
                    List.of("input_ids", "attention_mask"), List.of("output0", "output1"),
                    Map.of("input_ids", BATCH_SEQ, "attention_mask", BATCH_SEQ), Bert::new);
        }
        @Override public Tensor[] exampleInputs() {
            long[] mask = new long[2 * 12];
            for (int i = 0; i < mask.length; i++) mask[i] = i >= 12 + 8 ? 0 : 1; // second sequence padded after 8 tokens
            return new Tensor[] {ids(new SplittableRandom(1), 1000, 2, 12), Tensor.of(mask, 2, 12)};
        }
    }

    public static final class LstmTaggerFactory extends Base {
        public LstmTaggerFactory() { super("lstm_tagger", "embedding + 2-layer LSTM (batch_first) + linear tagger", List.of("idx"), List.of("output0"), Map.of("idx", BATCH_SEQ), LstmTagger::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {ids(new SplittableRandom(1), 500, 2, 9)}; }
    }

    public static final class GruBidirFactory extends Base {
        public GruBidirFactory() { super("gru_bidir", "bidirectional GRU encoder, outputs y and h", List.of("x"), List.of("output0", "output1"), Map.of("x", BATCH_SEQ), GruEncoder::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 3, 7, 16)}; }
    }

}
