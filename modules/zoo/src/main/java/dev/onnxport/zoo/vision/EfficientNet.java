package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.SiLU;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.function.LongFunction;

/**
 * torchvision 0.14 {@code EfficientNet} V1 ({@code efficientnet_b0} .. {@code b7}: MBConv stages) and V2
 * ({@code efficientnet_v2_s/m/l}: FusedMBConv then MBConv stages): features.0 stem, features.1..N stages of blocks
 * (block.N, stochastic_depth), the 1x1 head conv, avgpool, classifier.1.
 */
public final class EfficientNet extends UnaryModule {
    /**
     * One stage: torchvision's {@code MBConvConfig} or {@code FusedMBConvConfig} (fused), channels and depth already
     * scaled.
     */
    public record Stage(boolean fused, double expandRatio, long kernel, long stride, long input, long out, int layers) {}

    private final Sequential features, classifier;
    private final AdaptiveAvgPool2d avgpool;

    private static final double[][] V1 = { // expand, kernel, stride, in, out, layers
        {1, 3, 1, 32, 16, 1}, {6, 3, 2, 16, 24, 2}, {6, 5, 2, 24, 40, 2}, {6, 3, 2, 40, 80, 3},
        {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1},
    };

    /** torchvision's {@code _efficientnet_conf("efficientnet_bN", width_mult, depth_mult)}. */
    static Stage[] v1(double widthMult, double depthMult) {
        Stage[] s = new Stage[V1.length];
        for (int i = 0; i < s.length; i++) {
            double[] r = V1[i];
            s[i] = new Stage(false, r[0], (long) r[1], (long) r[2], Channels.makeDivisible(r[3] * widthMult, 8),
                    Channels.makeDivisible(r[4] * widthMult, 8), (int) Math.ceil(r[5] * depthMult));
        }
        return s;
    }

    private static Stage f(double e, long k, long s, long in, long out, int n) { return new Stage(true, e, k, s, in, out, n); }
    private static Stage m(double e, long k, long s, long in, long out, int n) { return new Stage(false, e, k, s, in, out, n); }

    static final Stage[] V2_S = {f(1, 3, 1, 24, 24, 2), f(4, 3, 2, 24, 48, 4), f(4, 3, 2, 48, 64, 4), m(4, 3, 2, 64, 128, 6),
        m(6, 3, 1, 128, 160, 9), m(6, 3, 2, 160, 256, 15)};
    static final Stage[] V2_M = {f(1, 3, 1, 24, 24, 3), f(4, 3, 2, 24, 48, 5), f(4, 3, 2, 48, 80, 5), m(4, 3, 2, 80, 160, 7),
        m(6, 3, 1, 160, 176, 14), m(6, 3, 2, 176, 304, 18), m(6, 3, 1, 304, 512, 5)};
    static final Stage[] V2_L = {f(1, 3, 1, 32, 32, 4), f(4, 3, 2, 32, 64, 7), f(4, 3, 2, 64, 96, 7), m(4, 3, 2, 96, 192, 10),
        m(6, 3, 1, 192, 224, 19), m(6, 3, 2, 224, 384, 25), m(6, 3, 1, 384, 640, 7)};

    private static final LongFunction<UnaryModule> BN = BatchNorm2d::new;
    private static final LongFunction<UnaryModule> BN_EPS_1E3 = n -> new BatchNorm2d(n, 1e-3, 0.1, true, true);
    private static final LongFunction<UnaryModule> BN_EPS_1E3_M001 = n -> new BatchNorm2d(n, 1e-3, 0.01, true, true);

    public static EfficientNet efficientnet_b0() { return new EfficientNet(v1(1.0, 1.0), 0.2, null, BN); }
    public static EfficientNet efficientnet_b1() { return new EfficientNet(v1(1.0, 1.1), 0.2, null, BN); }
    public static EfficientNet efficientnet_b2() { return new EfficientNet(v1(1.1, 1.2), 0.3, null, BN); }
    public static EfficientNet efficientnet_b3() { return new EfficientNet(v1(1.2, 1.4), 0.3, null, BN); }
    public static EfficientNet efficientnet_b4() { return new EfficientNet(v1(1.4, 1.8), 0.4, null, BN); }
    public static EfficientNet efficientnet_b5() { return new EfficientNet(v1(1.6, 2.2), 0.4, null, BN_EPS_1E3_M001); }
    public static EfficientNet efficientnet_b6() { return new EfficientNet(v1(1.8, 2.6), 0.5, null, BN_EPS_1E3_M001); }
    public static EfficientNet efficientnet_b7() { return new EfficientNet(v1(2.0, 3.1), 0.5, null, BN_EPS_1E3_M001); }
    public static EfficientNet efficientnet_v2_s() { return new EfficientNet(V2_S, 0.2, 1280L, BN_EPS_1E3); }
    public static EfficientNet efficientnet_v2_m() { return new EfficientNet(V2_M, 0.3, 1280L, BN_EPS_1E3); }
    public static EfficientNet efficientnet_v2_l() { return new EfficientNet(V2_L, 0.4, 1280L, BN_EPS_1E3); }

    /** {@code lastChannel}: the head conv's width, null for 4 times the last stage's. */
    public EfficientNet(Stage[] setting, double dropout, Long lastChannel, LongFunction<UnaryModule> norm) {
        Sequential f = new Sequential(Conv2dNormActivation.builder(3, setting[0].input()).stride(2).norm(norm)
                .activation(SiLU::new).build());
        int total = 0;
        for (Stage s : setting) total += s.layers();
        int id = 0;
        for (Stage s : setting) {
            Sequential stage = new Sequential();
            for (int i = 0; i < s.layers(); i++) {
                long in = i == 0 ? s.input() : s.out(), stride = i == 0 ? s.stride() : 1;
                double sd = 0.2 * id / total;
                stage.add(s.fused() ? new FusedMBConv(s.expandRatio(), s.kernel(), stride, in, s.out(), sd, norm)
                        : new MBConv(s.expandRatio(), s.kernel(), stride, in, s.out(), sd, norm));
                id++;
            }
            f.add(stage);
        }
        long lastIn = setting[setting.length - 1].out(), lastOut = lastChannel != null ? lastChannel : 4 * lastIn;
        f.add(Conv2dNormActivation.builder(lastIn, lastOut).kernel(1).norm(norm).activation(SiLU::new).build());
        features = registerModule("features", f);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        classifier = registerModule("classifier", new Sequential(new Dropout(dropout), new Linear(lastOut, 1000)));
    }

    @Override
    protected Tensor compute(Tensor x) {
        return classifier.forward(F.flatten(avgpool.forward(features.forward(x)), 1));
    }

    /** torchvision's {@code MBConv}: 1x1 expand (SiLU), depthwise, squeeze-excitation (SiLU), 1x1 project. */
    public static final class MBConv extends UnaryModule {
        private final Sequential block;
        private final StochasticDepth stochasticDepth;
        private final boolean useResConnect;

        public MBConv(double expandRatio, long kernel, long stride, long in, long out, double stochasticDepthProb,
                      LongFunction<UnaryModule> norm) {
            useResConnect = stride == 1 && in == out;
            long expanded = Channels.makeDivisible(in * expandRatio, 8);
            Sequential s = new Sequential();
            if (expanded != in) s.add(Conv2dNormActivation.builder(in, expanded).kernel(1).norm(norm).activation(SiLU::new).build());
            s.add(Conv2dNormActivation.builder(expanded, expanded).kernel(kernel).stride(stride).groups(expanded).norm(norm)
                    .activation(SiLU::new).build());
            s.add(new SqueezeExcitation(expanded, Math.max(1, in / 4), SiLU::new, dev.onnxport.nn.Sigmoid::new));
            s.add(Conv2dNormActivation.builder(expanded, out).kernel(1).norm(norm).activation(null).build());
            block = registerModule("block", s);
            stochasticDepth = registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb, "row"));
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor y = block.forward(x);
            return useResConnect ? F.add(stochasticDepth.forward(y), x) : y;
        }
    }

    /** torchvision's {@code FusedMBConv}: a full kxk expand conv (SiLU) and a 1x1 project, or one kxk conv. */
    public static final class FusedMBConv extends UnaryModule {
        private final Sequential block;
        private final StochasticDepth stochasticDepth;
        private final boolean useResConnect;

        public FusedMBConv(double expandRatio, long kernel, long stride, long in, long out, double stochasticDepthProb,
                           LongFunction<UnaryModule> norm) {
            useResConnect = stride == 1 && in == out;
            long expanded = Channels.makeDivisible(in * expandRatio, 8);
            Sequential s = new Sequential();
            if (expanded != in) {
                s.add(Conv2dNormActivation.builder(in, expanded).kernel(kernel).stride(stride).norm(norm).activation(SiLU::new).build());
                s.add(Conv2dNormActivation.builder(expanded, out).kernel(1).norm(norm).activation(null).build());
            } else {
                s.add(Conv2dNormActivation.builder(in, out).kernel(kernel).stride(stride).norm(norm).activation(SiLU::new).build());
            }
            block = registerModule("block", s);
            stochasticDepth = registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb, "row"));
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor y = block.forward(x);
            return useResConnect ? F.add(stochasticDepth.forward(y), x) : y;
        }
    }
}
