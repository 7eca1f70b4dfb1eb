package dev.onnxport.zoo.vision;

import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sigmoid;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision 0.14 {@code regnet_x_*} and {@code regnet_y_*} (Y: with squeeze-excitation): stem (SimpleStemIN),
 * trunk_output.blockN.blockN-M (ResBottleneckBlock: proj, f.a/b/se/c), avgpool, fc. Stage widths and depths are
 * computed from the model's (depth, w_0, w_a, w_m, group_width) as torchvision's {@code BlockParams.from_init_params},
 * in float32 like its torch arithmetic.
 */
public final class RegNet extends UnaryModule {
    /** torchvision's per-stage {@code BlockParams}: widths, depths, group widths (strides 2, bottleneck 1.0). */
    public record BlockParams(long[] widths, int[] depths, long[] groupWidths, Double seRatio) {
        /** torchvision's {@code BlockParams.from_init_params(depth, w_0, w_a, w_m, group_width, se_ratio)}. */
        public static BlockParams fromInitParams(int depth, long w0, double wa, double wm, long groupWidth, Double seRatio) {
            int[] blockWidths = new int[depth];
            double logWm = Math.log(wm);
            for (int i = 0; i < depth; i++) {
                float cont = (float) (i * (float) wa) + w0;
                float capacity = (float) Math.rint((float) ((float) Math.log((float) (cont / (float) w0)) / logWm));
                float w = (float) (w0 * (float) Math.pow(wm, capacity));
                blockWidths[i] = (int) ((float) Math.rint((float) (w / 8f)) * 8f);
            }
            List<Long> widths = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i <= depth; i++) {
                int w = i < depth ? blockWidths[i] : 0, prev = i > 0 ? blockWidths[i - 1] : 0;
                if (w != prev) {
                    if (i < depth) widths.add((long) w);
                    starts.add(i);
                }
            }
            int n = widths.size();
            long[] stageWidths = new long[n], groups = new long[n];
            int[] depths = new int[n];
            for (int s = 0; s < n; s++) {
                depths[s] = starts.get(s + 1) - starts.get(s);
                // _adjust_widths_groups_compatibilty with bottleneck multiplier 1
                long wBot = widths.get(s);
                groups[s] = Math.min(groupWidth, wBot);
                stageWidths[s] = Channels.makeDivisible(wBot, groups[s]);
            }
            return new BlockParams(stageWidths, depths, groups, seRatio);
        }
    }

    private final Conv2dNormActivation stem;
    private final Sequential trunkOutput;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;

    public static RegNet regnet_y_400mf() { return new RegNet(BlockParams.fromInitParams(16, 48, 27.89, 2.09, 8, 0.25)); }
    public static RegNet regnet_y_800mf() { return new RegNet(BlockParams.fromInitParams(14, 56, 38.84, 2.4, 16, 0.25)); }
    public static RegNet regnet_y_1_6gf() { return new RegNet(BlockParams.fromInitParams(27, 48, 20.71, 2.65, 24, 0.25)); }
    public static RegNet regnet_y_3_2gf() { return new RegNet(BlockParams.fromInitParams(21, 80, 42.63, 2.66, 24, 0.25)); }
    public static RegNet regnet_y_8gf() { return new RegNet(BlockParams.fromInitParams(17, 192, 76.82, 2.19, 56, 0.25)); }
    public static RegNet regnet_y_16gf() { return new RegNet(BlockParams.fromInitParams(18, 200, 106.23, 2.48, 112, 0.25)); }
    public static RegNet regnet_y_32gf() { return new RegNet(BlockParams.fromInitParams(20, 232, 115.89, 2.53, 232, 0.25)); }
    public static RegNet regnet_y_128gf() { return new RegNet(BlockParams.fromInitParams(27, 456, 160.83, 2.52, 264, 0.25)); }
    public static RegNet regnet_x_400mf() { return new RegNet(BlockParams.fromInitParams(22, 24, 24.48, 2.54, 16, null)); }
    public static RegNet regnet_x_800mf() { return new RegNet(BlockParams.fromInitParams(16, 56, 35.73, 2.28, 16, null)); }
    public static RegNet regnet_x_1_6gf() { return new RegNet(BlockParams.fromInitParams(18, 80, 34.01, 2.25, 24, null)); }
    public static RegNet regnet_x_3_2gf() { return new RegNet(BlockParams.fromInitParams(25, 88, 26.31, 2.25, 48, null)); }
    public static RegNet regnet_x_8gf() { return new RegNet(BlockParams.fromInitParams(23, 80, 49.56, 2.88, 120, null)); }
    public static RegNet regnet_x_16gf() { return new RegNet(BlockParams.fromInitParams(22, 216, 55.59, 2.1, 128, null)); }
    public static RegNet regnet_x_32gf() { return new RegNet(BlockParams.fromInitParams(23, 320, 69.86, 2.0, 168, null)); }

    public RegNet(BlockParams p) {
        long stemWidth = 32;
        stem = registerModule("stem", new Conv2dNormActivation(3, stemWidth, 3, 2));
        Sequential trunk = new Sequential();
        long current = stemWidth;
        for (int i = 0; i < p.widths().length; i++) {
            Sequential stage = new Sequential();
            for (int j = 0; j < p.depths()[i]; j++) {
                stage.add("block" + (i + 1) + "-" + j, new ResBottleneckBlock(j == 0 ? current : p.widths()[i], p.widths()[i],
                        j == 0 ? 2 : 1, p.groupWidths()[i], p.seRatio()));
            }
            trunk.add("block" + (i + 1), stage);
            current = p.widths()[i];
        }
        trunkOutput = registerModule("trunk_output", trunk);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        fc = registerModule("fc", new Linear(current, 1000));
    }

    @Override
    protected Tensor compute(Tensor x) {
        return fc.forward(F.flatten(avgpool.forward(trunkOutput.forward(stem.forward(x))), 1));
    }

    /**
     * torchvision's RegNet {@code ResBottleneckBlock}: proj (1x1 strided conv + BN, when the shape changes) plus
     * f = {@code BottleneckTransform} (a: 1x1, b: 3x3 grouped, se: squeeze-excitation for RegNetY, c: 1x1), then ReLU.
     */
    public static final class ResBottleneckBlock extends UnaryModule {
        private final Conv2dNormActivation proj;
        private final Sequential f;
        private final ReLU activation;

        public ResBottleneckBlock(long widthIn, long widthOut, long stride, long groupWidth, Double seRatio) {
            proj = widthIn != widthOut || stride != 1
                    ? registerModule("proj", Conv2dNormActivation.builder(widthIn, widthOut).kernel(1).stride(stride).activation(null).build())
                    : null;
            long wB = widthOut;
            long g = wB / groupWidth;
            Sequential t = new Sequential()
                    .add("a", Conv2dNormActivation.builder(widthIn, wB).kernel(1).build())
                    .add("b", Conv2dNormActivation.builder(wB, wB).stride(stride).groups(g).build());
            if (seRatio != null) t.add("se", new SqueezeExcitation(wB, (long) Math.rint(seRatio * widthIn), ReLU::new, Sigmoid::new));
            t.add("c", Conv2dNormActivation.builder(wB, widthOut).kernel(1).activation(null).build());
            f = registerModule("f", t);
            activation = registerModule("activation", new ReLU());
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor shortcut = proj != null ? proj.forward(x) : x;
            return activation.forward(F.add(shortcut, f.forward(x)));
        }
    }
}
