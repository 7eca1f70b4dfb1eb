package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Linear(in_features, out_features, bias=True)}: y = x W^T + b, with parameters weight [out, in] and bias [out]. */
public final class Linear extends UnaryModule {
    private final long inFeatures;
    private final long outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(long inFeatures, long outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Init.kaimingUniform(inFeatures, outFeatures, inFeatures));
        this.bias = registerParameter("bias", bias ? Init.fanInUniform(inFeatures, outFeatures) : null);
    }

    public long inFeatures() { return inFeatures; }
    public long outFeatures() { return outFeatures; }
    public Tensor weight() { return weight.get(); }
    /** Null when built with {@code bias=false}. */
    public Tensor bias() { return bias.get(); }

    @Override protected Tensor compute(Tensor x) { return F.linear(x, weight.get(), bias.get()); }
}
