package dev.onnxport.zoo.hf;

import dev.onnxport.nn.Embedding;
import dev.onnxport.nn.F;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.ModuleList;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's {@code BertModel} with its parameter names: word, position and token-type embeddings, post-norm
 * encoder layers (eps from config), exact GELU, and the tanh pooler on the first token. Inputs {@code input_ids},
 * {@code attention_mask} (0/1) and {@code token_type_ids} [batch, seq]; outputs {@code last_hidden_state}
 * [batch, seq, hidden] and {@code pooler_output} [batch, hidden].
 */
public final class BertModel extends Module {
    /** config.json's {@code vocab_size, hidden_size, num_hidden_layers, num_attention_heads, intermediate_size,
     *  max_position_embeddings, type_vocab_size, layer_norm_eps}. */
    public record Config(long vocabSize, long hiddenSize, int numLayers, int numHeads, long intermediateSize,
                         long maxPositions, long typeVocabSize, double layerNormEps) {
        public Config {
            if (hiddenSize % numHeads != 0) {
                throw new IllegalArgumentException("hidden_size (" + hiddenSize + ") must be a multiple of num_attention_heads (" + numHeads + ")");
            }
        }
    }

    public static final List<String> INPUT_NAMES = List.of("input_ids", "attention_mask", "token_type_ids");
    public static final List<String> OUTPUT_NAMES = List.of("last_hidden_state", "pooler_output");
    public static final Map<String, Map<Integer, String>> DYNAMIC_AXES = Map.of(
            "input_ids", Map.of(0, "batch_size", 1, "sequence_length"),
            "attention_mask", Map.of(0, "batch_size", 1, "sequence_length"),
            "token_type_ids", Map.of(0, "batch_size", 1, "sequence_length"),
            "last_hidden_state", Map.of(0, "batch_size", 1, "sequence_length"),
            "pooler_output", Map.of(0, "batch_size"));

    private final Config c;
    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;
    private final BertPooler pooler;

    public BertModel(Config c) {
        this.c = c;
        embeddings = registerModule("embeddings", new BertEmbeddings(c));
        encoder = registerModule("encoder", new BertEncoder(c));
        pooler = registerModule("pooler", new BertPooler(c));
    }

    public Config config() { return c; }

    /** Returns {last_hidden_state, pooler_output}. */
    public Tensor[] forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) {
        return scoped(() -> {
            Tensor x = embeddings.forward(inputIds, tokenTypeIds);
            Tensor padding = F.mul(F.rsub(F.to(F.unsqueeze(F.unsqueeze(attentionMask, 1), 2), DType.FLOAT32), 1.0), CausalLM.MASKED);
            // [batch, 1, seq, seq] once here: ONNX Runtime's Attention (opset 23+) needs the query and key lengths as the
            // mask's last two dims, and would otherwise get an Expand before every layer
            SymInt s = attentionMask.symSize(1);
            Tensor mask = F.expand(padding, attentionMask.symSize(0), SymInt.of(1), s, s);
            for (BertLayer l : encoder.layer) x = l.forward(x, mask);
            return new Tensor[] {x, pooler.forward(x)};
        });
    }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length != 3) throw new IllegalArgumentException("BertModel takes (input_ids, attention_mask, token_type_ids), got " + in.length + " tensors");
        return forward(in[0], in[1], in[2]);
    }

    static final class BertEmbeddings extends Module {
        private final Embedding wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings;
        private final LayerNorm layerNorm;

        BertEmbeddings(Config c) {
            wordEmbeddings = registerModule("word_embeddings", new Embedding(c.vocabSize(), c.hiddenSize()));
            positionEmbeddings = registerModule("position_embeddings", new Embedding(c.maxPositions(), c.hiddenSize()));
            tokenTypeEmbeddings = registerModule("token_type_embeddings", new Embedding(c.typeVocabSize(), c.hiddenSize()));
            layerNorm = registerModule("LayerNorm", new LayerNorm(new long[] {c.hiddenSize()}, c.layerNormEps(), true));
        }

        Tensor forward(Tensor ids, Tensor tokenTypes) {
            return scoped(() -> {
                Tensor positions = F.unsqueeze(F.arange(ids.symSize(1), DType.INT64), 0);
                Tensor x = F.add(F.add(wordEmbeddings.forward(ids), tokenTypeEmbeddings.forward(tokenTypes)), positionEmbeddings.forward(positions));
                return layerNorm.forward(x);
            });
        }
    }

    static final class BertEncoder extends Module {
        final ModuleList<BertLayer> layer;

        BertEncoder(Config c) {
            layer = registerModule("layer", new ModuleList<>());
            for (int i = 0; i < c.numLayers(); i++) layer.add(new BertLayer(c));
        }
    }

    /** A dense layer followed by a residual LayerNorm: BERT's {@code BertSelfOutput} and {@code BertOutput}. */
    static final class BertResidualOutput extends Module {
        private final Linear dense;
        private final LayerNorm layerNorm;

        BertResidualOutput(long in, Config c) {
            dense = registerModule("dense", new Linear(in, c.hiddenSize()));
            layerNorm = registerModule("LayerNorm", new LayerNorm(new long[] {c.hiddenSize()}, c.layerNormEps(), true));
        }

        Tensor forward(Tensor x, Tensor residual) { return scoped(() -> layerNorm.forward(F.add(dense.forward(x), residual))); }
    }

    static final class BertSelfAttention extends Module {
        private final Linear query, key, value;
        private final int heads;
        private final long width;

        BertSelfAttention(Config c) {
            heads = c.numHeads();
            width = c.hiddenSize();
            query = registerModule("query", new Linear(width, width));
            key = registerModule("key", new Linear(width, width));
            value = registerModule("value", new Linear(width, width));
        }

        Tensor forward(Tensor x, Tensor mask) {
            return scoped(() -> {
                SymInt b = x.symSize(0), s = x.symSize(1), h = SymInt.of(heads), hd = SymInt.of(width / heads);
                Tensor q = F.transpose(F.view(query.forward(x), b, s, h, hd), 1, 2);
                Tensor k = F.transpose(F.view(key.forward(x), b, s, h, hd), 1, 2);
                Tensor v = F.transpose(F.view(value.forward(x), b, s, h, hd), 1, 2);
                return F.reshape(F.transpose(F.scaledDotProductAttention(q, k, v, mask), 1, 2), b, s, SymInt.of(width));
            });
        }
    }

    static final class BertAttention extends Module {
        private final BertSelfAttention self;
        private final BertResidualOutput output;

        BertAttention(Config c) {
            self = registerModule("self", new BertSelfAttention(c));
            output = registerModule("output", new BertResidualOutput(c.hiddenSize(), c));
        }

        Tensor forward(Tensor x, Tensor mask) { return scoped(() -> output.forward(self.forward(x, mask), x)); }
    }

    static final class BertIntermediate extends Module {
        private final Linear dense;

        BertIntermediate(Config c) { dense = registerModule("dense", new Linear(c.hiddenSize(), c.intermediateSize())); }

        Tensor forward(Tensor x) { return scoped(() -> F.gelu(dense.forward(x))); }
    }

    static final class BertLayer extends Module {
        private final BertAttention attention;
        private final BertIntermediate intermediate;
        private final BertResidualOutput output;

        BertLayer(Config c) {
            attention = registerModule("attention", new BertAttention(c));
            intermediate = registerModule("intermediate", new BertIntermediate(c));
            output = registerModule("output", new BertResidualOutput(c.intermediateSize(), c));
        }

        Tensor forward(Tensor x, Tensor mask) {
            return scoped(() -> {
                Tensor a = attention.forward(x, mask);
                return output.forward(intermediate.forward(a), a);
            });
        }
    }

    static final class BertPooler extends Module {
        private final Linear dense;

        BertPooler(Config c) { dense = registerModule("dense", new Linear(c.hiddenSize(), c.hiddenSize())); }

        Tensor forward(Tensor x) { return scoped(() -> F.tanh(dense.forward(F.select(x, 1, 0)))); }
    }
}
