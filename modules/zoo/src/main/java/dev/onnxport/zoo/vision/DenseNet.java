package dev.onnxport.zoo.vision;

import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.AvgPool2d;
import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision 0.14 {@code DenseNet} ({@code densenet121/161/169/201}): features.conv0/norm0/relu0/pool0,
 * features.denseblockN.denselayerM.{norm1,conv1,norm2,conv2}, features.transitionN.{norm,conv}, features.norm5,
 * classifier.
 */
public final class DenseNet extends UnaryModule {
    private final Sequential features;
    private final Linear classifier;

    public static DenseNet densenet121() { return new DenseNet(32, new int[] {6, 12, 24, 16}, 64); }
    public static DenseNet densenet161() { return new DenseNet(48, new int[] {6, 12, 36, 24}, 96); }
    public static DenseNet densenet169() { return new DenseNet(32, new int[] {6, 12, 32, 32}, 64); }
    public static DenseNet densenet201() { return new DenseNet(32, new int[] {6, 12, 48, 32}, 64); }

    /** torchvision's {@code DenseNet(growth_rate, block_config, num_init_features)} with bn_size 4. */
    public DenseNet(long growthRate, int[] blockConfig, long numInitFeatures) {
        long bnSize = 4;
        Sequential f = new Sequential()
                .add("conv0", new Conv2d(3, numInitFeatures, 7, 2, 3, 1, 1, false))
                .add("norm0", new BatchNorm2d(numInitFeatures))
                .add("relu0", new ReLU())
                .add("pool0", new MaxPool2d(3, 2, 1));
        long n = numInitFeatures;
        for (int i = 0; i < blockConfig.length; i++) {
            f.add("denseblock" + (i + 1), new DenseBlock(blockConfig[i], n, bnSize, growthRate));
            n += blockConfig[i] * growthRate;
            if (i != blockConfig.length - 1) {
                f.add("transition" + (i + 1), new Sequential()
                        .add("norm", new BatchNorm2d(n))
                        .add("relu", new ReLU())
                        .add("conv", new Conv2d(n, n / 2, 1, 1, 0, 1, 1, false))
                        .add("pool", new AvgPool2d(2, 2, 0)));
                n /= 2;
            }
        }
        f.add("norm5", new BatchNorm2d(n));
        features = registerModule("features", f);
        classifier = registerModule("classifier", new Linear(n, 1000));
    }

    @Override
    protected Tensor compute(Tensor x) {
        Tensor out = F.relu(features.forward(x));
        return classifier.forward(F.flatten(F.adaptiveAvgPool2d(out, 1, 1), 1));
    }

    /** torchvision's {@code _DenseBlock}: denselayer1..N, each fed the concatenation of all earlier outputs. */
    public static final class DenseBlock extends UnaryModule {
        private final List<DenseLayer> layers = new ArrayList<>();

        public DenseBlock(int numLayers, long inputFeatures, long bnSize, long growthRate) {
            for (int i = 0; i < numLayers; i++) {
                layers.add(registerModule("denselayer" + (i + 1), new DenseLayer(inputFeatures + i * growthRate, growthRate, bnSize)));
            }
        }

        @Override
        protected Tensor compute(Tensor x) {
            List<Tensor> features = new ArrayList<>(List.of(x));
            for (DenseLayer l : layers) features.add(l.forward(List.copyOf(features)));
            return F.cat(features, 1);
        }
    }

    /** torchvision's {@code _DenseLayer}: norm1, relu1, conv1 (1x1 to bn_size * growth), norm2, relu2, conv2 (3x3). */
    public static final class DenseLayer extends dev.onnxport.nn.Module {
        private final BatchNorm2d norm1, norm2;
        private final ReLU relu1, relu2;
        private final Conv2d conv1, conv2;

        public DenseLayer(long inputFeatures, long growthRate, long bnSize) {
            norm1 = registerModule("norm1", new BatchNorm2d(inputFeatures));
            relu1 = registerModule("relu1", new ReLU());
            conv1 = registerModule("conv1", new Conv2d(inputFeatures, bnSize * growthRate, 1, 1, 0, 1, 1, false));
            norm2 = registerModule("norm2", new BatchNorm2d(bnSize * growthRate));
            relu2 = registerModule("relu2", new ReLU());
            conv2 = registerModule("conv2", new Conv2d(bnSize * growthRate, growthRate, 3, 1, 1, 1, 1, false));
        }

        /** The new features of the concatenated inputs. */
        public Tensor forward(List<Tensor> inputs) {
            return scoped(() -> {
                Tensor x = F.cat(inputs, 1);
                x = conv1.forward(relu1.forward(norm1.forward(x)));
                return conv2.forward(relu2.forward(norm2.forward(x)));
            });
        }

        @Override public Object invoke(Tensor... inputs) { return forward(List.of(inputs)); }
    }
}
