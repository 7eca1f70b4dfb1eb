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
        public Module create() { return create(0); }

        /** A new instance in eval mode with parameters drawn from {@code seed}. */
        Module create(long seed) {
            // a generator of this thread's own: the weights depend on the seed only, even with builds on other threads
            Module m = Init.seeded(seed, constructor);
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

    /** An ImageNet classifier: input x (N, 3, 224, 224), output logits (N, 1000). */
    abstract static class ImageClassifier extends Base {
        ImageClassifier(String name, String description, Supplier<Module> constructor) {
            super(name, description, List.of("x"), List.of("output0"), Map.of("x", BATCH), constructor);
        }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 1, 3, 224, 224)}; }
    }

    /** A {@link Gpt} of the given sizes; example input: batch x seq token ids. */
    abstract static class GptFactory extends Base {
        private final Gpt.Config config;
        private final long batch, seq;

        GptFactory(String name, String description, Gpt.Config c, long batch, long seq) {
            super(name, description + ": " + sizes(c.vocab(), c.ctx(), c.d(), c.layers(), c.heads()), List.of("idx"),
                    List.of("output0"), Map.of("idx", BATCH_SEQ), () -> new Gpt(c));
            this.config = c;
            this.batch = batch;
            this.seq = seq;
        }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {ids(new SplittableRandom(1), config.vocab(), batch, seq)}; }
        @Override public Map<String, String> config() { return ConfigRecords.values(config); }
        @Override public ModelFactory withConfig(Map<String, String> values) {
            if (values.isEmpty()) return this;
            Gpt.Config c = ConfigRecords.with(config, values, name());
            return new GptFactory(name(), "GPT-2 style decoder", c, batch, Math.min(seq, c.ctx())) {};
        }
    }

    /** A {@link Bert} of the given sizes; example inputs: ids and a 0/1 mask whose last row is padded after 2/3 of its tokens. */
    abstract static class BertFactory extends Base {
        private final Bert.Config config;
        private final long batch, seq;

        BertFactory(String name, String description, Bert.Config c, long batch, long seq) {
            super(name, description + ": " + sizes(c.vocab(), c.ctx(), c.d(), c.layers(), c.heads()) + "; ids and 0/1 mask",
                    List.of("input_ids", "attention_mask"), List.of("output0", "output1"),
                    Map.of("input_ids", BATCH_SEQ, "attention_mask", BATCH_SEQ), () -> new Bert(c));
            this.config = c;
            this.batch = batch;
            this.seq = seq;
        }
        @Override public Tensor[] exampleInputs() {
            long[] mask = new long[Math.toIntExact(batch * seq)];
            long padFrom = (batch - 1) * seq + seq * 2 / 3;
            for (int i = 0; i < mask.length; i++) mask[i] = i >= padFrom ? 0 : 1;
            return new Tensor[] {ids(new SplittableRandom(1), config.vocab(), batch, seq), Tensor.of(mask, batch, seq)};
        }
        @Override public Map<String, String> config() { return ConfigRecords.values(config); }
        @Override public ModelFactory withConfig(Map<String, String> values) {
            if (values.isEmpty()) return this;
            Bert.Config c = ConfigRecords.with(config, values, name());
            return new BertFactory(name(), "BERT style encoder", c, batch, Math.min(seq, c.ctx())) {};
        }
    }

    static String sizes(long vocab, long ctx, long d, int layers, long heads) {
        return "vocab " + vocab + ", ctx " + ctx + ", d " + d + ", " + layers + " layers, " + heads + " heads";
    }

    public static final class MlpFactory extends Base {
        public MlpFactory() { super("mlp", "MLP 784-256-256-10 with log_softmax", List.of("x"), List.of("output0"), Map.of("x", BATCH), Mlp::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 2, 784)}; }
    }

    public static final class LeNetFactory extends Base {
        public LeNetFactory() { super("lenet", "LeNet-5 on 1x28x28 images", List.of("x"), List.of("output0"), Map.of("x", BATCH), LeNet::new); }
        @Override public Tensor[] exampleInputs() { return new Tensor[] {randn(new SplittableRandom(1), 2, 1, 28, 28)}; }
    }

    public static final class ResNet18Factory extends ImageClassifier {
        public ResNet18Factory() { super("resnet18", "torchvision ResNet-18", ResNet::resnet18); }
    }

    public static final class ResNet34Factory extends ImageClassifier {
        public ResNet34Factory() { super("resnet34", "torchvision ResNet-34", ResNet::resnet34); }
    }

    public static final class ResNet50Factory extends ImageClassifier {
        public ResNet50Factory() { super("resnet50", "torchvision ResNet-50", ResNet::resnet50); }
    }

    public static final class ResNet101Factory extends ImageClassifier {
        public ResNet101Factory() { super("resnet101", "torchvision ResNet-101", ResNet::resnet101); }
    }

    public static final class ResNet152Factory extends ImageClassifier {
        public ResNet152Factory() { super("resnet152", "torchvision ResNet-152", ResNet::resnet152); }
    }

    public static final class MobileNetV2Factory extends ImageClassifier {
        public MobileNetV2Factory() { super("mobilenet_v2", "torchvision MobileNetV2", MobileNetV2::new); }
    }

    public static final class TinyGptFactory extends GptFactory {
        public TinyGptFactory() { super("tiny_gpt", "GPT-2 style decoder", Gpt.Config.TINY, 2, 16); }
    }

    /** tiny_gpt under the name the README uses. */
    public static final class Gpt2TinyFactory extends GptFactory {
        public Gpt2TinyFactory() { super("gpt2-tiny", "GPT-2 style decoder (as tiny_gpt)", Gpt.Config.TINY, 2, 16); }
    }

    /**
     * gpt2-tiny with greedy decoding inside the graph: inputs {@code input_ids} [batch, seq] and {@code max_new_tokens}
     * (int64 scalar), output {@code sequences} [batch, seq + max_new_tokens]. One ONNX Loop carries the token ids; each
     * step runs the whole forward on them and appends the argmax of the last position's logits.
     */
    public static final class Gpt2TinyGenerateFactory extends Base {
        public Gpt2TinyGenerateFactory() {
            super("gpt2-tiny-generate", "gpt2-tiny with greedy decoding in the graph (a Loop over max_new_tokens): "
                            + sizes(Gpt.Config.TINY.vocab(), Gpt.Config.TINY.ctx(), Gpt.Config.TINY.d(), Gpt.Config.TINY.layers(),
                            Gpt.Config.TINY.heads()), List.of("input_ids", "max_new_tokens"), List.of("sequences"),
                    Map.of("input_ids", BATCH_SEQ), () -> new GreedyGenerate(Gpt.Config.TINY));
        }

        @Override public Tensor[] exampleInputs() {
            return new Tensor[] {ids(new SplittableRandom(1), Gpt.Config.TINY.vocab(), 2, 8), Tensor.scalar(4L)};
        }
    }

    /** A {@link Gpt} under {@code gpt} generating greedily with {@code F.fori}; see {@link Gpt2TinyGenerateFactory}. */
    public static final class GreedyGenerate extends Module {
        private final Gpt gpt;

        public GreedyGenerate(Gpt.Config c) { gpt = registerModule("gpt", new Gpt(c)); }

        /** {@code ids} [batch, seq] int64 and {@code maxNewTokens} an int64 scalar; returns [batch, seq + maxNewTokens]. */
        public Tensor forward(Tensor ids, Tensor maxNewTokens) {
            return scoped(() -> dev.onnxport.nn.F.fori(maxNewTokens, (i, c) -> {
                Tensor logits = gpt.forward(c[0]);
                Tensor next = dev.onnxport.nn.F.argmax(dev.onnxport.nn.F.select(logits, 1, -1), 1, true);
                return new Tensor[] {dev.onnxport.nn.F.cat(new Tensor[] {c[0], next}, 1)};
            }, ids)[0]);
        }

        @Override public Object invoke(Tensor... in) { return forward(in[0], in[1]); }
    }

    public static final class Gpt2Factory extends GptFactory {
        public Gpt2Factory() { super("gpt2", "GPT-2 small sizes, untied head (163M parameters)", Gpt.Config.GPT2, 1, 64); }
    }

    public static final class TinyBertFactory extends BertFactory {
        public TinyBertFactory() { super("tiny_bert", "BERT style encoder", Bert.Config.TINY, 2, 12); }
    }

    public static final class BertBaseFactory extends BertFactory {
        public BertBaseFactory() { super("bert-base", "BERT-base sizes (110M parameters)", Bert.Config.BERT_BASE, 1, 64); }
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
