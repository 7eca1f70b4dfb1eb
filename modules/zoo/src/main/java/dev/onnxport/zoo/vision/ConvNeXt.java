package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Flatten;
import dev.onnxport.nn.GELU;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Parameter;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/**
 * torchvision 0.14 {@code convnext_tiny/small/base/large()}: features.0 patchify stem (4x4 conv, LayerNorm2d),
 * stages of CNBlocks (features.1/3/5/7) with downsampling between them (features.2/4/6: LayerNorm2d, 2x2 conv),
 * avgpool, classifier.0 (LayerNorm2d) / classifier.2 (Linear).
 */
public final class ConvNeXt extends UnaryModule {
    /** torchvision's {@code CNBlockConfig}: a stage's width, the next stage's (null after the last) and its depth. */
    public record Stage(long input, Long out, int layers) {}

    private final Sequential features, classifier;
    private final AdaptiveAvgPool2d avgpool;

    public static ConvNeXt convnext_tiny() { return new ConvNeXt(stages(96, 3, 3, 9, 3), 0.1); }
    public static ConvNeXt convnext_small() { return new ConvNeXt(stages(96, 3, 3, 27, 3), 0.4); }
    public static ConvNeXt convnext_base() { return new ConvNeXt(stages(128, 3, 3, 27, 3), 0.5); }
    public static ConvNeXt convnext_large() { return new ConvNeXt(stages(192, 3, 3, 27, 3), 0.5); }

    /** Four stages of widths c, 2c, 4c, 8c with the given depths. */
    static Stage[] stages(long c, int... depths) {
        return new Stage[] {new Stage(c, 2 * c, depths[0]), new Stage(2 * c, 4 * c, depths[1]), new Stage(4 * c, 8 * c, depths[2]),
            new Stage(8 * c, null, depths[3])};
    }

    public ConvNeXt(Stage[] setting, double stochasticDepthProb) {
        Sequential f = new Sequential(Conv2dNormActivation.builder(3, setting[0].input()).kernel(4).stride(4).padding(0)
                .norm(n -> new LayerNorm2d(n, 1e-6)).activation(null).bias(true).build());
        int total = 0;
        for (Stage s : setting) total += s.layers();
        int id = 0;
        for (Stage s : setting) {
            Sequential stage = new Sequential();
            for (int i = 0; i < s.layers(); i++) {
                stage.add(new CNBlock(s.input(), 1e-6, stochasticDepthProb * id / (total - 1.0)));
                id++;
            }
            f.add(stage);
            if (s.out() != null) f.add(new Sequential(new LayerNorm2d(s.input(), 1e-6), new Conv2d(s.input(), s.out(), 2, 2, 0)));
        }
        Stage last = setting[setting.length - 1];
        long lastOut = last.out() != null ? last.out() : last.input();
        features = registerModule("features", f);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        classifier = registerModule("classifier", new Sequential(new LayerNorm2d(lastOut, 1e-6), new Flatten(1, -1),
                new Linear(lastOut, 1000)));
    }

    @Override
    protected Tensor compute(Tensor x) { return classifier.forward(avgpool.forward(features.forward(x))); }

    /**
     * torchvision's {@code CNBlock}: layer_scale (dim, 1, 1), then block.0 7x7 depthwise conv, block.1 permute to
     * NHWC, block.2 LayerNorm, block.3 Linear 4x, block.4 GELU, block.5 Linear back, block.6 permute to NCHW.
     */
    public static final class CNBlock extends UnaryModule {
        private final Parameter layerScale;
        private final Sequential block;
        private final StochasticDepth stochasticDepth;

        public CNBlock(long dim, double layerScale, double stochasticDepthProb) {
            this.layerScale = registerParameter("layer_scale", Init.full(layerScale, dim, 1, 1));
            block = registerModule("block", new Sequential(new Conv2d(dim, dim, 7, 1, 3, 1, dim, true), new Permute(0, 2, 3, 1),
                    new LayerNorm(new long[] {dim}, 1e-6, true), new Linear(dim, 4 * dim), new GELU(), new Linear(4 * dim, dim),
                    new Permute(0, 3, 1, 2)));
            stochasticDepth = registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb, "row"));
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor result = F.mul(layerScale.get(), block.forward(x));
            return F.add(stochasticDepth.forward(result), x);
        }
    }
}
