package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/**
 * torchvision 0.14 {@code googlenet()} with its defaults (aux_logits=True, transform_input=False): conv1..3,
 * inception3a..5b, aux1/aux2 (trained only; present in the state dict, unused in eval), avgpool, fc. The eval forward
 * returns the logits alone, as torchvision's.
 */
public final class GoogLeNet extends UnaryModule {
    private final BasicConv2d conv1, conv2, conv3;
    private final MaxPool2d maxpool1, maxpool2, maxpool3, maxpool4;
    private final Inception inception3a, inception3b, inception4a, inception4b, inception4c, inception4d, inception4e,
            inception5a, inception5b;
    private final AdaptiveAvgPool2d avgpool;
    private final Dropout dropout;
    private final Linear fc;

    static MaxPool2d ceilPool(long kernel, long stride, long padding) {
        return new MaxPool2d(new long[] {kernel}, new long[] {stride}, new long[] {padding}, new long[] {1}, true);
    }

    public GoogLeNet() {
        conv1 = registerModule("conv1", new BasicConv2d(3, 64, 7, 2, 3));
        maxpool1 = registerModule("maxpool1", ceilPool(3, 2, 0));
        conv2 = registerModule("conv2", new BasicConv2d(64, 64, 1, 1, 0));
        conv3 = registerModule("conv3", new BasicConv2d(64, 192, 3, 1, 1));
        maxpool2 = registerModule("maxpool2", ceilPool(3, 2, 0));
        inception3a = registerModule("inception3a", new Inception(192, 64, 96, 128, 16, 32, 32));
        inception3b = registerModule("inception3b", new Inception(256, 128, 128, 192, 32, 96, 64));
        maxpool3 = registerModule("maxpool3", ceilPool(3, 2, 0));
        inception4a = registerModule("inception4a", new Inception(480, 192, 96, 208, 16, 48, 64));
        inception4b = registerModule("inception4b", new Inception(512, 160, 112, 224, 24, 64, 64));
        inception4c = registerModule("inception4c", new Inception(512, 128, 128, 256, 24, 64, 64));
        inception4d = registerModule("inception4d", new Inception(512, 112, 144, 288, 32, 64, 64));
        inception4e = registerModule("inception4e", new Inception(528, 256, 160, 320, 32, 128, 128));
        maxpool4 = registerModule("maxpool4", ceilPool(2, 2, 0));
        inception5a = registerModule("inception5a", new Inception(832, 256, 160, 320, 32, 128, 128));
        inception5b = registerModule("inception5b", new Inception(832, 384, 192, 384, 48, 128, 128));
        registerModule("aux1", new InceptionAux(512));
        registerModule("aux2", new InceptionAux(528));
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        dropout = registerModule("dropout", new Dropout(0.2));
        fc = registerModule("fc", new Linear(1024, 1000));
    }

    @Override
    protected Tensor compute(Tensor x) {
        if (isTraining()) throw new UnsupportedOperationException("GoogLeNet: only the eval forward (logits alone); call eval()");
        x = maxpool2.forward(conv3.forward(conv2.forward(maxpool1.forward(conv1.forward(x)))));
        x = maxpool3.forward(inception3b.forward(inception3a.forward(x)));
        x = inception4c.forward(inception4b.forward(inception4a.forward(x)));
        x = maxpool4.forward(inception4e.forward(inception4d.forward(x)));
        x = inception5b.forward(inception5a.forward(x));
        return fc.forward(dropout.forward(F.flatten(avgpool.forward(x), 1)));
    }

    /** GoogLeNet's {@code Inception}: 1x1, 1x1 then 3x3, 1x1 then 3x3, 3x3 max pool then 1x1; concatenated. */
    public static final class Inception extends UnaryModule {
        private final BasicConv2d branch1;
        private final Sequential branch2, branch3, branch4;

        public Inception(long in, long ch1x1, long ch3x3red, long ch3x3, long ch5x5red, long ch5x5, long poolProj) {
            branch1 = registerModule("branch1", new BasicConv2d(in, ch1x1, 1, 1, 0));
            branch2 = registerModule("branch2", new Sequential(new BasicConv2d(in, ch3x3red, 1, 1, 0), new BasicConv2d(ch3x3red, ch3x3, 3, 1, 1)));
            branch3 = registerModule("branch3", new Sequential(new BasicConv2d(in, ch5x5red, 1, 1, 0), new BasicConv2d(ch5x5red, ch5x5, 3, 1, 1)));
            branch4 = registerModule("branch4", new Sequential(ceilPool(3, 1, 1), new BasicConv2d(in, poolProj, 1, 1, 0)));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return F.cat(List.of(branch1.forward(x), branch2.forward(x), branch3.forward(x), branch4.forward(x)), 1);
        }
    }

    /** GoogLeNet's {@code InceptionAux} (training only): 4x4 adaptive pool, conv 1x1 to 128, fc1, ReLU, dropout, fc2. */
    public static final class InceptionAux extends UnaryModule {
        private final BasicConv2d conv;
        private final Linear fc1, fc2;
        private final Dropout dropout;

        public InceptionAux(long in) {
            conv = registerModule("conv", new BasicConv2d(in, 128, 1, 1, 0));
            fc1 = registerModule("fc1", new Linear(2048, 1024));
            fc2 = registerModule("fc2", new Linear(1024, 1000));
            dropout = registerModule("dropout", new Dropout(0.7));
        }

        @Override
        protected Tensor compute(Tensor x) {
            x = F.flatten(conv.forward(F.adaptiveAvgPool2d(x, 4, 4)), 1);
            return fc2.forward(dropout.forward(F.relu(fc1.forward(x))));
        }
    }
}
