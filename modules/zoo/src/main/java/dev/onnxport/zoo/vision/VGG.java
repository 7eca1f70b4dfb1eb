package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** torchvision 0.14 {@code VGG} ({@code vgg11} .. {@code vgg19_bn}): features.N, avgpool, classifier.0/3/6. */
public final class VGG extends UnaryModule {
    private static final int M = -1; // a max pool in torchvision's cfgs
    static final int[] A = {64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
    static final int[] B = {64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
    static final int[] D = {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M};
    static final int[] E = {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M};

    private final Sequential features, classifier;
    private final AdaptiveAvgPool2d avgpool;

    public static VGG vgg11() { return new VGG(A, false); }
    public static VGG vgg11_bn() { return new VGG(A, true); }
    public static VGG vgg13() { return new VGG(B, false); }
    public static VGG vgg13_bn() { return new VGG(B, true); }
    public static VGG vgg16() { return new VGG(D, false); }
    public static VGG vgg16_bn() { return new VGG(D, true); }
    public static VGG vgg19() { return new VGG(E, false); }
    public static VGG vgg19_bn() { return new VGG(E, true); }

    /** {@code cfg}: output channels of each 3x3 conv, -1 for a 2x2 max pool (torchvision's "M"). */
    public VGG(int[] cfg, boolean batchNorm) {
        Sequential f = new Sequential();
        long in = 3;
        for (int v : cfg) {
            if (v == M) {
                f.add(new MaxPool2d(2, 2, 0));
            } else {
                f.add(new Conv2d(in, v, 3, 1, 1));
                if (batchNorm) f.add(new BatchNorm2d(v));
                f.add(new ReLU());
                in = v;
            }
        }
        features = registerModule("features", f);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(7, 7));
        classifier = registerModule("classifier", new Sequential(new Linear(512 * 7 * 7, 4096), new ReLU(), new Dropout(0.5),
                new Linear(4096, 4096), new ReLU(), new Dropout(0.5), new Linear(4096, 1000)));
    }

    @Override
    protected Tensor compute(Tensor x) {
        return classifier.forward(F.flatten(avgpool.forward(features.forward(x)), 1));
    }
}
