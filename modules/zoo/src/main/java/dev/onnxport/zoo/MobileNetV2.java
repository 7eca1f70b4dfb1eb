package dev.onnxport.zoo;

import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/**
 * torchvision 0.14 {@code mobilenet_v2()} with its state-dict names (features.N..., classifier.1). Without a
 * checkpoint the weights follow the layers' PyTorch defaults, not torchvision's re-initialization.
 */
public final class MobileNetV2 extends UnaryModule {
    /**
     * Classifier width, width multiplier, channel rounding and dropout; {@link #DEFAULT} is torchvision's
     * {@code mobilenet_v2()}: num_classes=1000, width_mult=1.0, round_nearest=8, dropout=0.2.
     */
    public record Config(long numClasses, double widthMult, long roundNearest, double dropout) {
        public static final Config DEFAULT = new Config(1000, 1.0, 8, 0.2);
    }

    // t (expansion), c (channels), n (repeats), s (first stride): torchvision's inverted residual settings
    private static final long[][] SETTINGS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };

    private final Sequential features;
    private final Sequential classifier;

    public MobileNetV2() { this(Config.DEFAULT); }

    public MobileNetV2(Config c) {
        long input = makeDivisible(32 * c.widthMult(), c.roundNearest());
        long last = makeDivisible(1280 * Math.max(1.0, c.widthMult()), c.roundNearest());
        Sequential f = new Sequential(InvertedResidual.convBnReLU6(3, input, 3, 2, 1));
        for (long[] s : SETTINGS) {
            long out = makeDivisible(s[1] * c.widthMult(), c.roundNearest());
            for (int i = 0; i < s[2]; i++) {
                f.add(new InvertedResidual(input, out, i == 0 ? s[3] : 1, s[0]));
                input = out;
            }
        }
        f.add(InvertedResidual.convBnReLU6(input, last, 1, 1, 1));
        features = registerModule("features", f);
        classifier = registerModule("classifier", new Sequential(new Dropout(c.dropout()), new Linear(last, c.numClasses())));
    }

    /** torchvision's {@code _make_divisible}: round to a multiple of divisor, never more than 10% below v. */
    static long makeDivisible(double v, long divisor) {
        long n = Math.max(divisor, (long) (v + divisor / 2.0) / divisor * divisor);
        return n < 0.9 * v ? n + divisor : n;
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = F.adaptiveAvgPool2d(features.forward(x), 1, 1);
        return classifier.forward(F.flatten(x, 1));
    }
}
