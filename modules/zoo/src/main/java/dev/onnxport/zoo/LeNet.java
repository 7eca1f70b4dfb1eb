package dev.onnxport.zoo;

import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** {@code models.py: LeNet} on 1x28x28 inputs: two conv + max-pool stages, three linear layers. */
public final class LeNet extends UnaryModule {
    private final Conv2d conv1, conv2;
    private final Linear fc1, fc2, fc3;

    public LeNet() {
        conv1 = registerModule("conv1", new Conv2d(1, 6, 5, 1, 2));
        conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
        fc2 = registerModule("fc2", new Linear(120, 84));
        fc3 = registerModule("fc3", new Linear(84, 10));
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = F.maxPool2d(F.relu(conv1.forward(x)), 2);
        x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
        x = F.flatten(x, 1);
        return fc3.forward(F.relu(fc2.forward(F.relu(fc1.forward(x)))));
    }
}
