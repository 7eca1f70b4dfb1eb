package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** torchvision 0.14 {@code alexnet()}: features.0/3/6/8/10, avgpool (6x6), classifier.1/4/6. */
public final class AlexNet extends UnaryModule {
    private final Sequential features, classifier;
    private final AdaptiveAvgPool2d avgpool;

    public AlexNet() {
        features = registerModule("features", new Sequential(
                new Conv2d(3, 64, 11, 4, 2), new ReLU(), new MaxPool2d(3, 2, 0),
                new Conv2d(64, 192, 5, 1, 2), new ReLU(), new MaxPool2d(3, 2, 0),
                new Conv2d(192, 384, 3, 1, 1), new ReLU(),
                new Conv2d(384, 256, 3, 1, 1), new ReLU(),
                new Conv2d(256, 256, 3, 1, 1), new ReLU(), new MaxPool2d(3, 2, 0)));
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(6, 6));
        classifier = registerModule("classifier", new Sequential(new Dropout(0.5), new Linear(256 * 6 * 6, 4096), new ReLU(),
                new Dropout(0.5), new Linear(4096, 4096), new ReLU(), new Linear(4096, 1000)));
    }

    @Override
    protected Tensor compute(Tensor x) {
        return classifier.forward(F.flatten(avgpool.forward(features.forward(x)), 1));
    }
}
