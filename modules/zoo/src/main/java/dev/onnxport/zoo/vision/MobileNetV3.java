package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Hardsigmoid;
import dev.onnxport.nn.Hardswish;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * torchvision 0.14 {@code mobilenet_v3_large()} and {@code mobilenet_v3_small()}: features.N (inverted residuals
 * with squeeze-excitation), avgpool, classifier.0/3; batch norm with eps 0.001.
 */
public final class MobileNetV3 extends UnaryModule {
    /** torchvision's {@code InvertedResidualConfig} before width scaling; activation "RE" (ReLU) or "HS" (hardswish). */
    public record BlockConfig(long input, long kernel, long expanded, long out, boolean useSe, String activation, long stride,
                              long dilation) {}

    private static final BlockConfig[] LARGE = {
        c(16, 3, 16, 16, false, "RE", 1), c(16, 3, 64, 24, false, "RE", 2), c(24, 3, 72, 24, false, "RE", 1),
        c(24, 5, 72, 40, true, "RE", 2), c(40, 5, 120, 40, true, "RE", 1), c(40, 5, 120, 40, true, "RE", 1),
        c(40, 3, 240, 80, false, "HS", 2), c(80, 3, 200, 80, false, "HS", 1), c(80, 3, 184, 80, false, "HS", 1),
        c(80, 3, 184, 80, false, "HS", 1), c(80, 3, 480, 112, true, "HS", 1), c(112, 3, 672, 112, true, "HS", 1),
        c(112, 5, 672, 160, true, "HS", 2), c(160, 5, 960, 160, true, "HS", 1), c(160, 5, 960, 160, true, "HS", 1),
    };
    private static final BlockConfig[] SMALL = {
        c(16, 3, 16, 16, true, "RE", 2), c(16, 3, 72, 24, false, "RE", 2), c(24, 3, 88, 24, false, "RE", 1),
        c(24, 5, 96, 40, true, "HS", 2), c(40, 5, 240, 40, true, "HS", 1), c(40, 5, 240, 40, true, "HS", 1),
        c(40, 5, 120, 48, true, "HS", 1), c(48, 5, 144, 48, true, "HS", 1), c(48, 5, 288, 96, true, "HS", 2),
        c(96, 5, 576, 96, true, "HS", 1), c(96, 5, 576, 96, true, "HS", 1),
    };

    private static BlockConfig c(long in, long k, long exp, long out, boolean se, String act, long stride) {
        return new BlockConfig(in, k, exp, out, se, act, stride, 1);
    }

    static final LongFunction<UnaryModule> NORM = n -> new BatchNorm2d(n, 0.001, 0.01, true, true);

    private final Sequential features, classifier;
    private final AdaptiveAvgPool2d avgpool;

    public static MobileNetV3 mobilenet_v3_large() { return new MobileNetV3(LARGE, 1280, 0.2); }
    public static MobileNetV3 mobilenet_v3_small() { return new MobileNetV3(SMALL, 1024, 0.2); }

    public MobileNetV3(BlockConfig[] setting, long lastChannel, double dropout) {
        Sequential f = new Sequential(Conv2dNormActivation.builder(3, setting[0].input()).stride(2).norm(NORM)
                .activation(Hardswish::new).build());
        for (BlockConfig b : setting) f.add(new InvertedResidualV3(b));
        long lastIn = setting[setting.length - 1].out(), lastOut = 6 * lastIn;
        f.add(Conv2dNormActivation.builder(lastIn, lastOut).kernel(1).norm(NORM).activation(Hardswish::new).build());
        features = registerModule("features", f);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        classifier = registerModule("classifier", new Sequential(new Linear(lastOut, lastChannel), new Hardswish(),
                new Dropout(dropout), new Linear(lastChannel, 1000)));
    }

    @Override
    protected Tensor compute(Tensor x) {
        return classifier.forward(F.flatten(avgpool.forward(features.forward(x)), 1));
    }

    /** torchvision's MobileNetV3 {@code InvertedResidual}: block.N = expand, depthwise, squeeze-excitation, project. */
    public static final class InvertedResidualV3 extends UnaryModule {
        private final Sequential block;
        private final boolean useResConnect;

        public InvertedResidualV3(BlockConfig c) {
            useResConnect = c.stride() == 1 && c.input() == c.out();
            Supplier<UnaryModule> act = c.activation().equals("HS") ? Hardswish::new : ReLU::new;
            Sequential s = new Sequential();
            if (c.expanded() != c.input()) {
                s.add(Conv2dNormActivation.builder(c.input(), c.expanded()).kernel(1).norm(NORM).activation(act).build());
            }
            s.add(Conv2dNormActivation.builder(c.expanded(), c.expanded()).kernel(c.kernel())
                    .stride(c.dilation() > 1 ? 1 : c.stride()).dilation(c.dilation()).groups(c.expanded()).norm(NORM)
                    .activation(act).build());
            if (c.useSe()) {
                s.add(new SqueezeExcitation(c.expanded(), Channels.makeDivisible(c.expanded() / 4, 8), ReLU::new, Hardsigmoid::new));
            }
            s.add(Conv2dNormActivation.builder(c.expanded(), c.out()).kernel(1).norm(NORM).activation(null).build());
            block = registerModule("block", s);
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor y = block.forward(x);
            return useResConnect ? F.add(y, x) : y;
        }
    }
}
