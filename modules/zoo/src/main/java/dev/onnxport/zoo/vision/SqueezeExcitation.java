package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sigmoid;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.function.Supplier;

/**
 * torchvision's {@code ops.SqueezeExcitation(input_channels, squeeze_channels, activation=ReLU,
 * scale_activation=Sigmoid)}: avgpool, fc1 (1x1 conv), activation, fc2, scale_activation, times the input.
 */
public final class SqueezeExcitation extends UnaryModule {
    private final AdaptiveAvgPool2d avgpool;
    private final Conv2d fc1, fc2;
    private final UnaryModule activation, scaleActivation;

    public SqueezeExcitation(long inputChannels, long squeezeChannels) {
        this(inputChannels, squeezeChannels, ReLU::new, Sigmoid::new);
    }

    public SqueezeExcitation(long inputChannels, long squeezeChannels, Supplier<? extends UnaryModule> activation,
                             Supplier<? extends UnaryModule> scaleActivation) {
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        fc1 = registerModule("fc1", new Conv2d(inputChannels, squeezeChannels, 1));
        fc2 = registerModule("fc2", new Conv2d(squeezeChannels, inputChannels, 1));
        this.activation = registerModule("activation", activation.get());
        this.scaleActivation = registerModule("scale_activation", scaleActivation.get());
    }

    @Override
    protected Tensor compute(Tensor x) {
        Tensor scale = fc2.forward(activation.forward(fc1.forward(avgpool.forward(x))));
        return F.mul(scaleActivation.forward(scale), x);
    }
}
