package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/**
 * torchvision 0.14 {@code inception_v3()} with its defaults (aux_logits=True, transform_input=False): Conv2d_1a_3x3 ..
 * Conv2d_4a_3x3, Mixed_5b .. Mixed_7c (InceptionA..E), AuxLogits (trained only; in the state dict, unused in eval),
 * avgpool, fc. The eval forward returns the logits alone; the usual input is 299x299.
 */
public final class InceptionV3 extends UnaryModule {
    private final BasicConv2d conv1a, conv2a, conv2b, conv3b, conv4a;
    private final MaxPool2d maxpool1, maxpool2;
    private final UnaryModule[] mixed;
    private final AdaptiveAvgPool2d avgpool;
    private final Dropout dropout;
    private final Linear fc;

    static BasicConv2d conv(long in, long out, long k) { return new BasicConv2d(in, out, k, 1, 0); }

    static BasicConv2d conv(long in, long out, long kh, long kw) {
        return new BasicConv2d(in, out, new long[] {kh, kw}, new long[] {1, 1}, new long[] {(kh - 1) / 2, (kw - 1) / 2});
    }

    /** {@code F.avg_pool2d(x, 3, stride=1, padding=1)}, padding counted. */
    static Tensor avgPool3x3(Tensor x) {
        return F.avgPool2d(x, new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1}, false, true, null);
    }

    static Tensor maxPool3x3s2(Tensor x) {
        return F.maxPool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {0, 0}, new long[] {1, 1}, false);
    }

    public InceptionV3() {
        conv1a = registerModule("Conv2d_1a_3x3", new BasicConv2d(3, 32, 3, 2, 0));
        conv2a = registerModule("Conv2d_2a_3x3", conv(32, 32, 3));
        conv2b = registerModule("Conv2d_2b_3x3", new BasicConv2d(32, 64, 3, 1, 1));
        maxpool1 = registerModule("maxpool1", new MaxPool2d(3, 2, 0));
        conv3b = registerModule("Conv2d_3b_1x1", conv(64, 80, 1));
        conv4a = registerModule("Conv2d_4a_3x3", conv(80, 192, 3));
        maxpool2 = registerModule("maxpool2", new MaxPool2d(3, 2, 0));
        UnaryModule[] m = new UnaryModule[11];
        m[0] = registerModule("Mixed_5b", new InceptionA(192, 32));
        m[1] = registerModule("Mixed_5c", new InceptionA(256, 64));
        m[2] = registerModule("Mixed_5d", new InceptionA(288, 64));
        m[3] = registerModule("Mixed_6a", new InceptionB(288));
        m[4] = registerModule("Mixed_6b", new InceptionC(768, 128));
        m[5] = registerModule("Mixed_6c", new InceptionC(768, 160));
        m[6] = registerModule("Mixed_6d", new InceptionC(768, 160));
        m[7] = registerModule("Mixed_6e", new InceptionC(768, 192));
        registerModule("AuxLogits", new InceptionAux(768));
        m[8] = registerModule("Mixed_7a", new InceptionD(768));
        m[9] = registerModule("Mixed_7b", new InceptionE(1280));
        m[10] = registerModule("Mixed_7c", new InceptionE(2048));
        mixed = m;
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        dropout = registerModule("dropout", new Dropout(0.5));
        fc = registerModule("fc", new Linear(2048, 1000));
    }

    @Override
    protected Tensor compute(Tensor x) {
        if (isTraining()) throw new UnsupportedOperationException("InceptionV3: only the eval forward (logits alone); call eval()");
        x = maxpool1.forward(conv2b.forward(conv2a.forward(conv1a.forward(x))));
        x = maxpool2.forward(conv4a.forward(conv3b.forward(x)));
        for (UnaryModule m : mixed) x = m.forward(x);
        return fc.forward(F.flatten(dropout.forward(avgpool.forward(x)), 1));
    }

    /** Inception-v3's {@code InceptionA}: 1x1; 1x1, 5x5; 1x1, 3x3, 3x3; avg pool, 1x1. */
    public static final class InceptionA extends UnaryModule {
        private final BasicConv2d b1, b5_1, b5_2, b3_1, b3_2, b3_3, pool;

        public InceptionA(long in, long poolFeatures) {
            b1 = registerModule("branch1x1", conv(in, 64, 1));
            b5_1 = registerModule("branch5x5_1", conv(in, 48, 1));
            b5_2 = registerModule("branch5x5_2", new BasicConv2d(48, 64, 5, 1, 2));
            b3_1 = registerModule("branch3x3dbl_1", conv(in, 64, 1));
            b3_2 = registerModule("branch3x3dbl_2", new BasicConv2d(64, 96, 3, 1, 1));
            b3_3 = registerModule("branch3x3dbl_3", new BasicConv2d(96, 96, 3, 1, 1));
            pool = registerModule("branch_pool", conv(in, poolFeatures, 1));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return F.cat(List.of(b1.forward(x), b5_2.forward(b5_1.forward(x)), b3_3.forward(b3_2.forward(b3_1.forward(x))),
                    pool.forward(avgPool3x3(x))), 1);
        }
    }

    /** Inception-v3's {@code InceptionB}: strided 3x3; 1x1, 3x3, strided 3x3; strided max pool. */
    public static final class InceptionB extends UnaryModule {
        private final BasicConv2d b3, d1, d2, d3;

        public InceptionB(long in) {
            b3 = registerModule("branch3x3", new BasicConv2d(in, 384, 3, 2, 0));
            d1 = registerModule("branch3x3dbl_1", conv(in, 64, 1));
            d2 = registerModule("branch3x3dbl_2", new BasicConv2d(64, 96, 3, 1, 1));
            d3 = registerModule("branch3x3dbl_3", new BasicConv2d(96, 96, 3, 2, 0));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return F.cat(List.of(b3.forward(x), d3.forward(d2.forward(d1.forward(x))), maxPool3x3s2(x)), 1);
        }
    }

    /** Inception-v3's {@code InceptionC}: 1x1; 1x1, 1x7, 7x1; 1x1, 7x1, 1x7, 7x1, 1x7; avg pool, 1x1. */
    public static final class InceptionC extends UnaryModule {
        private final BasicConv2d b1, s1, s2, s3, d1, d2, d3, d4, d5, pool;

        public InceptionC(long in, long c7) {
            b1 = registerModule("branch1x1", conv(in, 192, 1));
            s1 = registerModule("branch7x7_1", conv(in, c7, 1));
            s2 = registerModule("branch7x7_2", conv(c7, c7, 1, 7));
            s3 = registerModule("branch7x7_3", conv(c7, 192, 7, 1));
            d1 = registerModule("branch7x7dbl_1", conv(in, c7, 1));
            d2 = registerModule("branch7x7dbl_2", conv(c7, c7, 7, 1));
            d3 = registerModule("branch7x7dbl_3", conv(c7, c7, 1, 7));
            d4 = registerModule("branch7x7dbl_4", conv(c7, c7, 7, 1));
            d5 = registerModule("branch7x7dbl_5", conv(c7, 192, 1, 7));
            pool = registerModule("branch_pool", conv(in, 192, 1));
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor s = s3.forward(s2.forward(s1.forward(x)));
            Tensor d = d5.forward(d4.forward(d3.forward(d2.forward(d1.forward(x)))));
            return F.cat(List.of(b1.forward(x), s, d, pool.forward(avgPool3x3(x))), 1);
        }
    }

    /** Inception-v3's {@code InceptionD}: 1x1, strided 3x3; 1x1, 1x7, 7x1, strided 3x3; strided max pool. */
    public static final class InceptionD extends UnaryModule {
        private final BasicConv2d t1, t2, s1, s2, s3, s4;

        public InceptionD(long in) {
            t1 = registerModule("branch3x3_1", conv(in, 192, 1));
            t2 = registerModule("branch3x3_2", new BasicConv2d(192, 320, 3, 2, 0));
            s1 = registerModule("branch7x7x3_1", conv(in, 192, 1));
            s2 = registerModule("branch7x7x3_2", conv(192, 192, 1, 7));
            s3 = registerModule("branch7x7x3_3", conv(192, 192, 7, 1));
            s4 = registerModule("branch7x7x3_4", new BasicConv2d(192, 192, 3, 2, 0));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return F.cat(List.of(t2.forward(t1.forward(x)), s4.forward(s3.forward(s2.forward(s1.forward(x)))), maxPool3x3s2(x)), 1);
        }
    }

    /** Inception-v3's {@code InceptionE}: 1x1; 1x1 then 1x3 and 3x1; 1x1, 3x3 then 1x3 and 3x1; avg pool, 1x1. */
    public static final class InceptionE extends UnaryModule {
        private final BasicConv2d b1, t1, t2a, t2b, d1, d2, d3a, d3b, pool;

        public InceptionE(long in) {
            b1 = registerModule("branch1x1", conv(in, 320, 1));
            t1 = registerModule("branch3x3_1", conv(in, 384, 1));
            t2a = registerModule("branch3x3_2a", conv(384, 384, 1, 3));
            t2b = registerModule("branch3x3_2b", conv(384, 384, 3, 1));
            d1 = registerModule("branch3x3dbl_1", conv(in, 448, 1));
            d2 = registerModule("branch3x3dbl_2", new BasicConv2d(448, 384, 3, 1, 1));
            d3a = registerModule("branch3x3dbl_3a", conv(384, 384, 1, 3));
            d3b = registerModule("branch3x3dbl_3b", conv(384, 384, 3, 1));
            pool = registerModule("branch_pool", conv(in, 192, 1));
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor t = t1.forward(x);
            Tensor d = d2.forward(d1.forward(x));
            return F.cat(List.of(b1.forward(x), F.cat(List.of(t2a.forward(t), t2b.forward(t)), 1),
                    F.cat(List.of(d3a.forward(d), d3b.forward(d)), 1), pool.forward(avgPool3x3(x))), 1);
        }
    }

    /** Inception-v3's {@code InceptionAux} (training only): 5x5/3 avg pool, conv0 1x1, conv1 5x5, global pool, fc. */
    public static final class InceptionAux extends UnaryModule {
        private final BasicConv2d conv0, conv1;
        private final Linear fc;

        public InceptionAux(long in) {
            conv0 = registerModule("conv0", conv(in, 128, 1));
            conv1 = registerModule("conv1", conv(128, 768, 5));
            fc = registerModule("fc", new Linear(768, 1000));
        }

        @Override
        protected Tensor compute(Tensor x) {
            x = F.avgPool2d(x, new long[] {5, 5}, new long[] {3, 3}, new long[] {0, 0}, false, true, null);
            x = conv1.forward(conv0.forward(x));
            return fc.forward(F.flatten(F.adaptiveAvgPool2d(x, 1, 1), 1));
        }
    }
}
