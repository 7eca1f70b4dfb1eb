package dev.onnxport.zoo.vision;

import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.GELU;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * torchvision 0.14 {@code vit_b_16/b_32/l_16/l_32/h_14()} (image size 224): class_token, conv_proj (patchify),
 * encoder.pos_embedding, encoder.layers.encoder_layer_N (ln_1, self_attention = nn.MultiheadAttention, ln_2,
 * mlp.0/3), encoder.ln, heads.head.
 */
public final class VisionTransformer extends UnaryModule {
    private final Parameter classToken;
    private final Conv2d convProj;
    private final Encoder encoder;
    private final Sequential heads;
    private final long hidden;

    public static VisionTransformer vit_b_16() { return new VisionTransformer(224, 16, 12, 12, 768, 3072); }
    public static VisionTransformer vit_b_32() { return new VisionTransformer(224, 32, 12, 12, 768, 3072); }
    public static VisionTransformer vit_l_16() { return new VisionTransformer(224, 16, 24, 16, 1024, 4096); }
    public static VisionTransformer vit_l_32() { return new VisionTransformer(224, 32, 24, 16, 1024, 4096); }
    public static VisionTransformer vit_h_14() { return new VisionTransformer(224, 14, 32, 16, 1280, 5120); }

    public VisionTransformer(long imageSize, long patchSize, int layers, long heads, long hiddenDim, long mlpDim) {
        hidden = hiddenDim;
        convProj = registerModule("conv_proj", new Conv2d(3, hiddenDim, patchSize, patchSize, 0));
        classToken = registerParameter("class_token", Init.zeros(1, 1, hiddenDim));
        long seq = (imageSize / patchSize) * (imageSize / patchSize) + 1;
        encoder = registerModule("encoder", new Encoder(seq, layers, heads, hiddenDim, mlpDim));
        this.heads = registerModule("heads", new Sequential().add("head", new Linear(hiddenDim, 1000)));
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = F.permute(F.flatten(convProj.forward(x), 2), 0, 2, 1); // (n, hidden, n_h * n_w) -> (n, seq, hidden)
        Tensor cls = F.expand(classToken.get(), x.symSize(0), SymInt.of(-1), SymInt.of(-1));
        x = encoder.forward(F.cat(new Tensor[] {cls, x}, 1));
        return heads.forward(F.select(x, 1, 0));
    }

    /** torchvision's ViT {@code Encoder}: pos_embedding, dropout, layers.encoder_layer_N, ln (eps 1e-6). */
    public static final class Encoder extends UnaryModule {
        private final Parameter posEmbedding;
        private final Dropout dropout;
        private final Sequential layers;
        private final LayerNorm ln;

        public Encoder(long seqLength, int numLayers, long heads, long hiddenDim, long mlpDim) {
            posEmbedding = registerParameter("pos_embedding", Init.normal(0, 0.02, 1, seqLength, hiddenDim));
            dropout = registerModule("dropout", new Dropout(0.0));
            Sequential l = new Sequential();
            for (int i = 0; i < numLayers; i++) l.add("encoder_layer_" + i, new EncoderBlock(heads, hiddenDim, mlpDim));
            layers = registerModule("layers", l);
            ln = registerModule("ln", new LayerNorm(new long[] {hiddenDim}, 1e-6, true));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return ln.forward(layers.forward(dropout.forward(F.add(x, posEmbedding.get()))));
        }
    }

    /** torchvision's ViT {@code EncoderBlock}: pre-norm self-attention and MLP (Linear, GELU, Linear), residuals. */
    public static final class EncoderBlock extends UnaryModule {
        private final LayerNorm ln1, ln2;
        private final SelfAttention selfAttention;
        private final Dropout dropout;
        private final Sequential mlp;

        public EncoderBlock(long heads, long hiddenDim, long mlpDim) {
            ln1 = registerModule("ln_1", new LayerNorm(new long[] {hiddenDim}, 1e-6, true));
            selfAttention = registerModule("self_attention", new SelfAttention(hiddenDim, heads));
            dropout = registerModule("dropout", new Dropout(0.0));
            ln2 = registerModule("ln_2", new LayerNorm(new long[] {hiddenDim}, 1e-6, true));
            mlp = registerModule("mlp", new Sequential(new Linear(hiddenDim, mlpDim), new GELU(), new Dropout(0.0),
                    new Linear(mlpDim, hiddenDim), new Dropout(0.0)));
        }

        @Override
        protected Tensor compute(Tensor input) {
            Tensor x = ln1.forward(input);
            x = selfAttention.forward(x);
            x = F.add(dropout.forward(x), input);
            return F.add(x, mlp.forward(ln2.forward(x)));
        }
    }

    /**
     * The batch-first self-attention of {@code nn.MultiheadAttention} without masks, with its state-dict names
     * (in_proj_weight, in_proj_bias, out_proj). Local to the zoo because nn's MultiheadAttention writes into its
     * out_proj bias when built {@link Init#withoutData}; swap it back once that is fixed.
     */
    static final class SelfAttention extends Module {
        private final long embedDim, heads;
        private final Parameter inProjWeight, inProjBias;
        private final Linear outProj;

        SelfAttention(long embedDim, long heads) {
            this.embedDim = embedDim;
            this.heads = heads;
            inProjWeight = registerParameter("in_proj_weight", Init.xavierUniform(embedDim, 3 * embedDim, 3 * embedDim, embedDim));
            inProjBias = registerParameter("in_proj_bias", Init.zeros(3 * embedDim));
            outProj = registerModule("out_proj", new Linear(embedDim, embedDim));
        }

        /** (N, L, E) to (N, L, E). */
        Tensor forward(Tensor x) {
            return scoped(() -> {
                long l = x.size(1), hd = embedDim / heads;
                Tensor qkv = F.permute(F.reshape(F.linear(x, inProjWeight.get(), inProjBias.get()), -1, l, 3, heads, hd), 2, 0, 3, 1, 4);
                Tensor q = F.div(F.select(qkv, 0, 0), Math.sqrt(hd)), k = F.select(qkv, 0, 1), v = F.select(qkv, 0, 2);
                Tensor att = F.softmax(F.matmul(q, F.transpose(k, -2, -1)), -1);
                Tensor out = F.reshape(F.transpose(F.matmul(att, v), 1, 2), -1, l, embedDim);
                return outProj.forward(out);
            });
        }

        @Override public Object invoke(Tensor... in) { return forward(in[0]); }
    }
}
