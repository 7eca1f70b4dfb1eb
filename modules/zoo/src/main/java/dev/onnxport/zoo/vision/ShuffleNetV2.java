package dev.onnxport.zoo.vision;

import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/** torchvision 0.14 {@code shufflenet_v2_x0_5/x1_0/x1_5/x2_0()}: conv1, maxpool, stage2..4, conv5, fc. */
public final class ShuffleNetV2 extends UnaryModule {
    private final Sequential conv1, stage2, stage3, stage4, conv5;
    private final MaxPool2d maxpool;
    private final Linear fc;

    public static ShuffleNetV2 shufflenet_v2_x0_5() { return new ShuffleNetV2(new int[] {4, 8, 4}, new long[] {24, 48, 96, 192, 1024}); }
    public static ShuffleNetV2 shufflenet_v2_x1_0() { return new ShuffleNetV2(new int[] {4, 8, 4}, new long[] {24, 116, 232, 464, 1024}); }
    public static ShuffleNetV2 shufflenet_v2_x1_5() { return new ShuffleNetV2(new int[] {4, 8, 4}, new long[] {24, 176, 352, 704, 1024}); }
    public static ShuffleNetV2 shufflenet_v2_x2_0() { return new ShuffleNetV2(new int[] {4, 8, 4}, new long[] {24, 244, 488, 976, 2048}); }

    public ShuffleNetV2(int[] stagesRepeats, long[] stagesOutChannels) {
        long in = stagesOutChannels[0];
        conv1 = registerModule("conv1", new Sequential(new Conv2d(3, in, 3, 2, 1, 1, 1, false), new BatchNorm2d(in), new ReLU()));
        maxpool = registerModule("maxpool", new MaxPool2d(3, 2, 1));
        Sequential[] stages = new Sequential[3];
        for (int s = 0; s < 3; s++) {
            long out = stagesOutChannels[s + 1];
            Sequential seq = new Sequential(new ShuffleBlock(in, out, 2));
            for (int i = 1; i < stagesRepeats[s]; i++) seq.add(new ShuffleBlock(out, out, 1));
            stages[s] = registerModule("stage" + (s + 2), seq);
            in = out;
        }
        stage2 = stages[0];
        stage3 = stages[1];
        stage4 = stages[2];
        long last = stagesOutChannels[4];
        conv5 = registerModule("conv5", new Sequential(new Conv2d(in, last, 1, 1, 0, 1, 1, false), new BatchNorm2d(last), new ReLU()));
        fc = registerModule("fc", new Linear(last, 1000));
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = stage4.forward(stage3.forward(stage2.forward(maxpool.forward(conv1.forward(x)))));
        return fc.forward(F.mean(conv5.forward(x), new long[] {2, 3}, false));
    }

    /** torchvision's {@code channel_shuffle(x, groups)}, with the batch left to -1 so that it stays dynamic. */
    static Tensor channelShuffle(Tensor x, long groups) {
        long c = x.size(1), h = x.size(2), w = x.size(3);
        x = F.view(x, -1, groups, c / groups, h, w);
        x = F.contiguous(F.transpose(x, 1, 2));
        return F.view(x, -1, c, h, w);
    }

    /**
     * torchvision's ShuffleNetV2 {@code InvertedResidual}: with stride 2, branch1 (depthwise 3x3, BN, 1x1, BN, ReLU) and
     * branch2 on the whole input; with stride 1, branch2 on the second half of the channels; then a channel shuffle.
     */
    public static final class ShuffleBlock extends UnaryModule {
        private final Sequential branch1, branch2;
        private final long stride;

        public ShuffleBlock(long inp, long oup, long stride) {
            this.stride = stride;
            long bf = oup / 2;
            if (stride == 1 && inp != bf << 1) throw new IllegalArgumentException("ShuffleBlock: stride 1 needs inp == oup");
            branch1 = registerModule("branch1", stride > 1
                    ? new Sequential(new Conv2d(inp, inp, 3, stride, 1, 1, inp, false), new BatchNorm2d(inp),
                            new Conv2d(inp, bf, 1, 1, 0, 1, 1, false), new BatchNorm2d(bf), new ReLU())
                    : new Sequential());
            branch2 = registerModule("branch2", new Sequential(new Conv2d(stride > 1 ? inp : bf, bf, 1, 1, 0, 1, 1, false),
                    new BatchNorm2d(bf), new ReLU(), new Conv2d(bf, bf, 3, stride, 1, 1, bf, false), new BatchNorm2d(bf),
                    new Conv2d(bf, bf, 1, 1, 0, 1, 1, false), new BatchNorm2d(bf), new ReLU()));
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor out;
            if (stride == 1) {
                Tensor[] halves = F.chunk(x, 2, 1);
                out = F.cat(List.of(halves[0], branch2.forward(halves[1])), 1);
            } else {
                out = F.cat(List.of(branch1.forward(x), branch2.forward(x)), 1);
            }
            return channelShuffle(out, 2);
        }
    }
}
