package dev.onnxport.zoo.vision;

import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * torchvision's {@code ops.Conv2dNormActivation}: children "0" conv ("same" padding {@code (k - 1) / 2 * dilation},
 * bias only without a norm), "1" norm and "2" activation, each optional, applied in order (its state-dict names are
 * those of the {@code nn.Sequential} it is in torchvision). Set the options with {@link #builder}.
 */
public final class Conv2dNormActivation extends UnaryModule {
    private final List<UnaryModule> layers = new ArrayList<>();

    /** Conv, BatchNorm2d, ReLU with the given kernel and stride. */
    public Conv2dNormActivation(long in, long out, long kernel, long stride) {
        this(builder(in, out).kernel(kernel).stride(stride));
    }

    private Conv2dNormActivation(Builder b) {
        long padding = b.padding != null ? b.padding : (b.kernel - 1) / 2 * b.dilation;
        boolean bias = b.bias != null ? b.bias : b.norm == null;
        add(new Conv2d(b.in, b.out, b.kernel, b.stride, padding, b.dilation, b.groups, bias));
        if (b.norm != null) add(b.norm.apply(b.out));
        if (b.activation != null) add(b.activation.get());
    }

    private void add(UnaryModule m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
    }

    /** Options with torchvision's defaults: kernel 3, stride 1, groups 1, dilation 1, BatchNorm2d, ReLU. */
    public static Builder builder(long in, long out) { return new Builder(in, out); }

    @Override
    protected Tensor compute(Tensor x) {
        for (UnaryModule m : layers) x = m.forward(x);
        return x;
    }

    /** The keyword arguments of {@code Conv2dNormActivation}. */
    public static final class Builder {
        private final long in, out;
        private long kernel = 3, stride = 1, groups = 1, dilation = 1;
        private Long padding;
        private Boolean bias;
        private LongFunction<? extends UnaryModule> norm = BatchNorm2d::new;
        private Supplier<? extends UnaryModule> activation = ReLU::new;

        private Builder(long in, long out) {
            this.in = in;
            this.out = out;
        }

        public Builder kernel(long k) { kernel = k; return this; }
        public Builder stride(long s) { stride = s; return this; }
        public Builder groups(long g) { groups = g; return this; }
        public Builder dilation(long d) { dilation = d; return this; }
        public Builder padding(long p) { padding = p; return this; }
        public Builder bias(boolean b) { bias = b; return this; }
        /** The norm layer for a channel count; null for none. */
        public Builder norm(LongFunction<? extends UnaryModule> n) { norm = n; return this; }
        /** The activation layer; null for none. */
        public Builder activation(Supplier<? extends UnaryModule> a) { activation = a; return this; }

        public Conv2dNormActivation build() { return new Conv2dNormActivation(this); }
    }
}
