package dev.onnxport.zoo.hf;

import dev.onnxport.nn.Embedding;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.ModuleList;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugging Face's {@code GPT2LMHeadModel} with its parameter names: learned positions, {@link GPT2Conv1D} projections
 * (weights stored [in, out]), tanh GELU, and a head tied to {@code transformer.wte}, so the checkpoint has no
 * {@code lm_head.weight} and GPT-2 small counts 124,439,808 parameters.
 */
public final class GPT2LMHeadModel extends CausalLM {
    /** config.json's {@code vocab_size, n_positions, n_embd, n_layer, n_head, n_inner (null: 4 n_embd), layer_norm_epsilon}. */
    public record Config(long vocabSize, long nPositions, long nEmbd, int nLayer, int nHead, long nInner, double layerNormEpsilon) {
        public Config {
            if (nEmbd % nHead != 0) throw new IllegalArgumentException("n_embd (" + nEmbd + ") must be a multiple of n_head (" + nHead + ")");
        }

        /** GPT-2 small ("124M"). */
        public static final Config GPT2 = new Config(50257, 1024, 768, 12, 12, 3072, 1e-5);
    }

    private final Config c;
    private final GPT2Model transformer;

    public GPT2LMHeadModel(Config c) {
        this.c = c;
        transformer = registerModule("transformer", new GPT2Model(c));
    }

    public Config config() { return c; }
    @Override public int numLayers() { return c.nLayer(); }
    @Override public int numKvHeads() { return c.nHead(); }
    @Override public int headDim() { return (int) (c.nEmbd() / c.nHead()); }
    @Override public long vocabSize() { return c.vocabSize(); }
    @Override public long maxPositions() { return c.nPositions(); }

    @Override
    protected Output compute(Tensor ids, Tensor attentionMask, Tensor positionIds, List<Tensor> past) {
        GPT2Model t = transformer;
        Tensor x = F.add(t.wte.forward(ids), t.wpe.forward(positionIds));
        Tensor mask = causalMask(attentionMask, ids.symSize(1));
        List<Tensor> presents = new ArrayList<>();
        for (int i = 0; i < c.nLayer(); i++) {
            GPT2Block.Result r = t.h.get(i).forward(x, mask, pastAt(past, 2 * i), pastAt(past, 2 * i + 1));
            x = r.hidden();
            if (!past.isEmpty()) {
                presents.add(r.key());
                presents.add(r.value());
            }
        }
        return new Output(F.linear(t.lnF.forward(x), t.wte.weight()), presents);
    }

    static final class GPT2Model extends Module {
        final Embedding wte, wpe;
        final ModuleList<GPT2Block> h;
        final LayerNorm lnF;

        GPT2Model(Config c) {
            wte = registerModule("wte", new Embedding(c.vocabSize(), c.nEmbd()));
            wpe = registerModule("wpe", new Embedding(c.nPositions(), c.nEmbd()));
            h = registerModule("h", new ModuleList<>());
            for (int i = 0; i < c.nLayer(); i++) h.add(new GPT2Block(c));
            lnF = registerModule("ln_f", new LayerNorm(new long[] {c.nEmbd()}, c.layerNormEpsilon(), true));
        }
    }

    /** GPT-2's {@code Conv1D}: {@code y = x W + b} with weight [in, out] (transposed against nn.Linear). */
    public static final class GPT2Conv1D extends Module {
        private final Parameter weight, bias;

        public GPT2Conv1D(long in, long out) {
            weight = registerParameter("weight", Init.normal(0, 0.02, in, out));
            bias = registerParameter("bias", Init.zeros(out));
        }

        public Tensor forward(Tensor x) { return scoped(() -> F.add(F.matmul(x, weight.get()), bias.get())); }

        @Override public Object invoke(Tensor... in) { return forward(in[0]); }
    }

    static final class GPT2Block extends Module {
        private final LayerNorm ln1, ln2;
        private final GPT2Attention attn;
        private final GPT2MLP mlp;

        GPT2Block(Config c) {
            long[] d = {c.nEmbd()};
            ln1 = registerModule("ln_1", new LayerNorm(d, c.layerNormEpsilon(), true));
            attn = registerModule("attn", new GPT2Attention(c));
            ln2 = registerModule("ln_2", new LayerNorm(d, c.layerNormEpsilon(), true));
            mlp = registerModule("mlp", new GPT2MLP(c));
        }

        record Result(Tensor hidden, Tensor key, Tensor value) {}

        Result forward(Tensor x, Tensor mask, Tensor pastKey, Tensor pastValue) {
            return scoped(() -> {
                GPT2Attention.Result a = attn.forward(ln1.forward(x), mask, pastKey, pastValue);
                Tensor h = F.add(x, a.out());
                return new Result(F.add(h, mlp.forward(ln2.forward(h))), a.key(), a.value());
            });
        }
    }

    static final class GPT2Attention extends Module {
        private final GPT2Conv1D cAttn, cProj;
        private final int heads;
        private final long width;

        GPT2Attention(Config c) {
            heads = c.nHead();
            width = c.nEmbd();
            cAttn = registerModule("c_attn", new GPT2Conv1D(c.nEmbd(), 3 * c.nEmbd()));
            cProj = registerModule("c_proj", new GPT2Conv1D(c.nEmbd(), c.nEmbd()));
        }

        record Result(Tensor out, Tensor key, Tensor value) {}

        Result forward(Tensor x, Tensor mask, Tensor pastKey, Tensor pastValue) {
            return scoped(() -> compute(x, mask, pastKey, pastValue));
        }

        private Result compute(Tensor x, Tensor mask, Tensor pastKey, Tensor pastValue) {
            SymInt b = x.symSize(0), s = x.symSize(1), h = SymInt.of(heads), hd = SymInt.of(width / heads);
            Tensor[] qkv = F.split(cAttn.forward(x), width, 2);
            Tensor q = F.transpose(F.view(qkv[0], b, s, h, hd), 1, 2);
            Tensor k = F.transpose(F.view(qkv[1], b, s, h, hd), 1, 2);
            Tensor v = F.transpose(F.view(qkv[2], b, s, h, hd), 1, 2);
            if (pastKey != null) {
                k = F.cat(new Tensor[] {pastKey, k}, 2);
                v = F.cat(new Tensor[] {pastValue, v}, 2);
            }
            Tensor o = F.reshape(F.transpose(F.scaledDotProductAttention(q, k, v, mask), 1, 2), b, s, SymInt.of(width));
            return new Result(cProj.forward(o), k, v);
        }
    }

    static final class GPT2MLP extends Module {
        private final GPT2Conv1D cFc, cProj;

        GPT2MLP(Config c) {
            cFc = registerModule("c_fc", new GPT2Conv1D(c.nEmbd(), c.nInner()));
            cProj = registerModule("c_proj", new GPT2Conv1D(c.nInner(), c.nEmbd()));
        }

        Tensor forward(Tensor x) { return scoped(() -> cProj.forward(F.gelu(cFc.forward(x), "tanh"))); }
    }
}
