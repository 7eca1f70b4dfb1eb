package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)} over the trailing dims. */
public final class LayerNorm extends UnaryModule {
    private final long[] normalizedShape;
    private final double eps;
    private final Parameter weight, bias;

    public LayerNorm(long... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        weight = registerParameter("weight", elementwiseAffine ? Init.ones(normalizedShape) : null);
        bias = registerParameter("bias", elementwiseAffine ? Init.zeros(normalizedShape) : null);
    }

    @Override protected Tensor compute(Tensor x) { return F.layerNorm(x, normalizedShape, weight.get(), bias.get(), eps); }
}
