package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/** torchvision 0.14 {@code squeezenet1_0()} and {@code squeezenet1_1()}: features.N (Fire modules), classifier.1. */
public final class SqueezeNet extends UnaryModule {
    private final Sequential features, classifier;

    public static SqueezeNet squeezenet1_0() { return new SqueezeNet("1_0"); }
    public static SqueezeNet squeezenet1_1() { return new SqueezeNet("1_1"); }

    /** {@code version}: "1_0" or "1_1". */
    public SqueezeNet(String version) {
        Sequential f;
        if (version.equals("1_0")) {
            f = new Sequential(new Conv2d(3, 96, 7, 2, 0), new ReLU(), pool(),
                    new Fire(96, 16, 64, 64), new Fire(128, 16, 64, 64), new Fire(128, 32, 128, 128), pool(),
                    new Fire(256, 32, 128, 128), new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192),
                    new Fire(384, 64, 256, 256), pool(), new Fire(512, 64, 256, 256));
        } else if (version.equals("1_1")) {
            f = new Sequential(new Conv2d(3, 64, 3, 2, 0), new ReLU(), pool(),
                    new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), pool(),
                    new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), pool(),
                    new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256),
                    new Fire(512, 64, 256, 256));
        } else {
            throw new IllegalArgumentException("SqueezeNet: unsupported version " + version + ": 1_0 or 1_1 expected");
        }
        features = registerModule("features", f);
        classifier = registerModule("classifier", new Sequential(new Dropout(0.5), new Conv2d(512, 1000, 1), new ReLU(),
                new AdaptiveAvgPool2d(1, 1)));
    }

    private static MaxPool2d pool() {
        return new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {0}, new long[] {1}, true);
    }

    @Override
    protected Tensor compute(Tensor x) { return F.flatten(classifier.forward(features.forward(x)), 1); }

    /** torchvision's {@code Fire}: squeeze 1x1, then expand 1x1 and 3x3 concatenated, each followed by ReLU. */
    public static final class Fire extends UnaryModule {
        private final Conv2d squeeze, expand1x1, expand3x3;
        private final ReLU squeezeActivation, expand1x1Activation, expand3x3Activation;

        public Fire(long inplanes, long squeezePlanes, long expand1x1Planes, long expand3x3Planes) {
            squeeze = registerModule("squeeze", new Conv2d(inplanes, squeezePlanes, 1));
            squeezeActivation = registerModule("squeeze_activation", new ReLU());
            expand1x1 = registerModule("expand1x1", new Conv2d(squeezePlanes, expand1x1Planes, 1));
            expand1x1Activation = registerModule("expand1x1_activation", new ReLU());
            expand3x3 = registerModule("expand3x3", new Conv2d(squeezePlanes, expand3x3Planes, 3, 1, 1));
            expand3x3Activation = registerModule("expand3x3_activation", new ReLU());
        }

        @Override
        protected Tensor compute(Tensor x) {
            x = squeezeActivation.forward(squeeze.forward(x));
            return F.cat(List.of(expand1x1Activation.forward(expand1x1.forward(x)),
                    expand3x3Activation.forward(expand3x3.forward(x))), 1);
        }
    }
}
