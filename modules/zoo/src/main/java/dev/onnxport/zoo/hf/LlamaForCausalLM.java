package dev.onnxport.zoo.hf;

import dev.onnxport.nn.Embedding;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.ModuleList;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugging Face's {@code LlamaForCausalLM}, with its parameter names, so a checkpoint loads as it is; Mistral and
 * Qwen2 are the same network with other settings (Qwen2: biases on the q/k/v projections). RMSNorm, rotary position
 * embeddings, SwiGLU and grouped-query attention.
 *
 * <p>The three parts ONNX fuses from opset 23 are one op each: {@link F#rmsNorm}, {@link F#rotaryEmbedding} and
 * {@link F#scaledDotProductAttention} with grouped-query heads, so an export at 23 or later holds RMSNormalization,
 * RotaryEmbedding and Attention nodes, and earlier opsets their decompositions. What the graph does differently from
 * transformers' code, with the same numbers: the rotary cos/sin tables are computed once per call, not per layer, at
 * half width ({@code [batch, seq, head_dim/2]}); and each key/value head serves its query heads by broadcasting
 * instead of a repeated cache.
 */
public final class LlamaForCausalLM extends CausalLM {
    /**
     * The config.json keys the network uses. {@code qkvBias}: biases on q/k/v (Qwen2, or {@code attention_bias});
     * {@code outputBias}: a bias on o_proj ({@code attention_bias}).
     */
    public record Config(long vocabSize, long hiddenSize, long intermediateSize, int numLayers, int numHeads,
                         int numKvHeads, int headDim, double ropeTheta, double rmsNormEps, boolean tieWordEmbeddings,
                         boolean qkvBias, boolean outputBias, long maxPositions) {
        public Config {
            if (numHeads % numKvHeads != 0) {
                throw new IllegalArgumentException("num_attention_heads (" + numHeads + ") must be a multiple of num_key_value_heads ("
                        + numKvHeads + ")");
            }
            if (headDim % 2 != 0) throw new IllegalArgumentException("head_dim must be even for rotary embeddings, got " + headDim);
        }
    }

    private final Config c;
    private final LlamaModel model;
    private final Linear lmHead;
    private final float[] invFreq;

    public LlamaForCausalLM(Config c) {
        this.c = c;
        model = registerModule("model", new LlamaModel(c));
        lmHead = c.tieWordEmbeddings() ? null : registerModule("lm_head", new Linear(c.hiddenSize(), c.vocabSize(), false));
        invFreq = inverseFrequencies(c.headDim(), c.ropeTheta());
    }

    public Config config() { return c; }
    @Override public int numLayers() { return c.numLayers(); }
    @Override public int numKvHeads() { return c.numKvHeads(); }
    @Override public int headDim() { return c.headDim(); }
    @Override public long vocabSize() { return c.vocabSize(); }
    @Override public long maxPositions() { return c.maxPositions(); }

    /** {@code 1 / theta^(2i / head_dim)} in float32, as transformers computes it. */
    static float[] inverseFrequencies(int headDim, double theta) {
        float[] f = new float[headDim / 2];
        for (int i = 0; i < f.length; i++) f[i] = (float) (1.0 / Math.pow(theta, (float) (2 * i) / (float) headDim));
        return f;
    }

    @Override
    protected Output compute(Tensor ids, Tensor attentionMask, Tensor positionIds, List<Tensor> past) {
        SymInt seq = ids.symSize(1);
        Tensor x = model.embedTokens.forward(ids);
        // rotary tables, once per call: [batch, seq, head_dim / 2]
        Tensor freqs = F.mul(F.unsqueeze(F.to(positionIds, DType.FLOAT32), 2), Tensor.of(invFreq.clone(), 1, 1, invFreq.length));
        Rotary rope = new Rotary(F.cos(freqs), F.sin(freqs));
        Tensor mask = causalMask(attentionMask, seq);
        List<Tensor> presents = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            LlamaDecoderLayer.Result r = model.layers.get(i).forward(x, rope, mask, pastAt(past, 2 * i), pastAt(past, 2 * i + 1));
            x = r.hidden();
            if (!past.isEmpty()) {
                presents.add(r.key());
                presents.add(r.value());
            }
        }
        x = model.norm.forward(x);
        Tensor logits = lmHead != null ? lmHead.forward(x) : F.linear(x, model.embedTokens.weight());
        return new Output(logits, presents);
    }

    /** The per-call rotary tables, [batch, seq, head_dim / 2]. */
    record Rotary(Tensor cos, Tensor sin) {
        /** {@code x * cos + rotate_half(x) * sin} for x [batch, heads, seq, head_dim]. */
        Tensor apply(Tensor x) { return F.rotaryEmbedding(x, cos, sin); }
    }

    static final class LlamaModel extends Module {
        final Embedding embedTokens;
        final ModuleList<LlamaDecoderLayer> layers;
        final LlamaRMSNorm norm;

        LlamaModel(Config c) {
            embedTokens = registerModule("embed_tokens", new Embedding(c.vocabSize(), c.hiddenSize()));
            layers = registerModule("layers", new ModuleList<>());
            for (int i = 0; i < c.numLayers(); i++) layers.add(new LlamaDecoderLayer(c));
            norm = registerModule("norm", new LlamaRMSNorm(c.hiddenSize(), c.rmsNormEps()));
        }
    }

    /** RMSNorm: {@code weight * x / sqrt(mean(x^2) + eps)} over the last axis. */
    public static final class LlamaRMSNorm extends Module {
        private final Parameter weight;
        private final double eps;

        public LlamaRMSNorm(long d, double eps) {
            this.eps = eps;
            weight = registerParameter("weight", Init.ones(d));
        }

        public Tensor forward(Tensor x) {
            return scoped(() -> F.rmsNorm(x, new long[] {x.size(-1)}, weight.get(), eps));
        }

        @Override public Object invoke(Tensor... in) { return forward(in[0]); }
    }

    static final class LlamaDecoderLayer extends Module {
        private final LlamaAttention selfAttn;
        private final LlamaMLP mlp;
        private final LlamaRMSNorm inputLayernorm, postAttentionLayernorm;

        LlamaDecoderLayer(Config c) {
            selfAttn = registerModule("self_attn", new LlamaAttention(c));
            mlp = registerModule("mlp", new LlamaMLP(c));
            inputLayernorm = registerModule("input_layernorm", new LlamaRMSNorm(c.hiddenSize(), c.rmsNormEps()));
            postAttentionLayernorm = registerModule("post_attention_layernorm", new LlamaRMSNorm(c.hiddenSize(), c.rmsNormEps()));
        }

        record Result(Tensor hidden, Tensor key, Tensor value) {}

        Result forward(Tensor x, Rotary rope, Tensor mask, Tensor pastKey, Tensor pastValue) {
            return scoped(() -> {
                LlamaAttention.Result a = selfAttn.forward(inputLayernorm.forward(x), rope, mask, pastKey, pastValue);
                Tensor h = F.add(x, a.out());
                return new Result(F.add(h, mlp.forward(postAttentionLayernorm.forward(h))), a.key(), a.value());
            });
        }
    }

    static final class LlamaAttention extends Module {
        private final Linear qProj, kProj, vProj, oProj;
        private final int heads, kvHeads, headDim;

        LlamaAttention(Config c) {
            heads = c.numHeads();
            kvHeads = c.numKvHeads();
            headDim = c.headDim();
            qProj = registerModule("q_proj", new Linear(c.hiddenSize(), (long) heads * headDim, c.qkvBias()));
            kProj = registerModule("k_proj", new Linear(c.hiddenSize(), (long) kvHeads * headDim, c.qkvBias()));
            vProj = registerModule("v_proj", new Linear(c.hiddenSize(), (long) kvHeads * headDim, c.qkvBias()));
            oProj = registerModule("o_proj", new Linear((long) heads * headDim, c.hiddenSize(), c.outputBias()));
        }

        record Result(Tensor out, Tensor key, Tensor value) {}

        Result forward(Tensor x, Rotary rope, Tensor mask, Tensor pastKey, Tensor pastValue) {
            return scoped(() -> compute(x, rope, mask, pastKey, pastValue));
        }

        private Result compute(Tensor x, Rotary rope, Tensor mask, Tensor pastKey, Tensor pastValue) {
            SymInt b = x.symSize(0), s = x.symSize(1);
            SymInt kvh = SymInt.of(kvHeads), hd = SymInt.of(headDim);
            Tensor q = rope.apply(F.transpose(F.view(qProj.forward(x), b, s, SymInt.of(heads), hd), 1, 2));   // [b, heads, s, hd]
            Tensor k = rope.apply(F.transpose(F.view(kProj.forward(x), b, s, kvh, hd), 1, 2));               // [b, kv_heads, s, hd]
            Tensor v = F.transpose(F.view(vProj.forward(x), b, s, kvh, hd), 1, 2);
            if (pastKey != null) {
                k = F.cat(new Tensor[] {pastKey, k}, 2);
                v = F.cat(new Tensor[] {pastValue, v}, 2);
            }
            Tensor o = F.scaledDotProductAttention(q, k, v, mask, false, null, true);            // [b, heads, s, hd]
            o = F.reshape(F.transpose(o, 1, 2), b, s, SymInt.of((long) heads * headDim));
            return new Result(oProj.forward(o), k, v);
        }
    }

    static final class LlamaMLP extends Module {
        private final Linear gateProj, upProj, downProj;

        LlamaMLP(Config c) {
            gateProj = registerModule("gate_proj", new Linear(c.hiddenSize(), c.intermediateSize(), false));
            upProj = registerModule("up_proj", new Linear(c.hiddenSize(), c.intermediateSize(), false));
            downProj = registerModule("down_proj", new Linear(c.intermediateSize(), c.hiddenSize(), false));
        }

        Tensor forward(Tensor x) {
            return scoped(() -> downProj.forward(F.mul(F.silu(gateProj.forward(x)), upProj.forward(x))));
        }
    }
}
