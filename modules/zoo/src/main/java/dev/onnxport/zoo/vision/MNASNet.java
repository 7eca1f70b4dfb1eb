package dev.onnxport.zoo.vision;

import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** torchvision 0.14 {@code mnasnet0_5/0_75/1_0/1_3()} (MNASNet B1, version 2): layers.N, classifier.1. */
public final class MNASNet extends UnaryModule {
    private static final double BN_MOMENTUM = 1 - 0.9997;

    private final Sequential layers, classifier;

    public static MNASNet mnasnet0_5() { return new MNASNet(0.5); }
    public static MNASNet mnasnet0_75() { return new MNASNet(0.75); }
    public static MNASNet mnasnet1_0() { return new MNASNet(1.0); }
    public static MNASNet mnasnet1_3() { return new MNASNet(1.3); }

    /** torchvision's {@code _round_to_multiple_of(val, divisor)} with round_up_bias 0.9. */
    static long roundToMultipleOf(double val, long divisor) {
        long n = Math.max(divisor, (long) (val + divisor / 2.0) / divisor * divisor);
        return n >= 0.9 * val ? n : n + divisor;
    }

    private static BatchNorm2d bn(long n) { return new BatchNorm2d(n, 1e-5, BN_MOMENTUM, true, true); }

    public MNASNet(double alpha) {
        long[] d = {32, 16, 24, 40, 80, 96, 192, 320};
        for (int i = 0; i < d.length; i++) d[i] = roundToMultipleOf(d[i] * alpha, 8);
        layers = registerModule("layers", new Sequential(
                new Conv2d(3, d[0], 3, 2, 1, 1, 1, false), bn(d[0]), new ReLU(),
                new Conv2d(d[0], d[0], 3, 1, 1, 1, d[0], false), bn(d[0]), new ReLU(),
                new Conv2d(d[0], d[1], 1, 1, 0, 1, 1, false), bn(d[1]),
                stack(d[1], d[2], 3, 2, 3, 3), stack(d[2], d[3], 5, 2, 3, 3), stack(d[3], d[4], 5, 2, 6, 3),
                stack(d[4], d[5], 3, 1, 6, 2), stack(d[5], d[6], 5, 2, 6, 4), stack(d[6], d[7], 3, 1, 6, 1),
                new Conv2d(d[7], 1280, 1, 1, 0, 1, 1, false), bn(1280), new ReLU()));
        classifier = registerModule("classifier", new Sequential(new Dropout(0.2), new Linear(1280, 1000)));
    }

    private static Sequential stack(long in, long out, long kernel, long stride, long expansion, int repeats) {
        Sequential s = new Sequential(new MnasBlock(in, out, kernel, stride, expansion));
        for (int i = 1; i < repeats; i++) s.add(new MnasBlock(out, out, kernel, 1, expansion));
        return s;
    }

    @Override
    protected Tensor compute(Tensor x) {
        return classifier.forward(F.mean(layers.forward(x), new long[] {2, 3}, false));
    }

    /** torchvision's MNASNet {@code _InvertedResidual}: layers.0..7 = 1x1 expand, depthwise kxk, 1x1 project, with BN. */
    public static final class MnasBlock extends UnaryModule {
        private final Sequential layers;
        private final boolean applyResidual;

        public MnasBlock(long in, long out, long kernel, long stride, long expansion) {
            long mid = in * expansion;
            applyResidual = in == out && stride == 1;
            layers = registerModule("layers", new Sequential(new Conv2d(in, mid, 1, 1, 0, 1, 1, false), bn(mid), new ReLU(),
                    new Conv2d(mid, mid, kernel, stride, kernel / 2, 1, mid, false), bn(mid), new ReLU(),
                    new Conv2d(mid, out, 1, 1, 0, 1, 1, false), bn(out)));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return applyResidual ? F.add(layers.forward(x), x) : layers.forward(x);
        }
    }
}
