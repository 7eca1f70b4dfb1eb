package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * What PyTorch's {@code _Loss} holds: the reduction, "mean" (the default), "sum" or "none". A loss is a module of two
 * inputs, {@code forward(input, target)}; the losses are composed of the functional ops, so they trace and export.
 */
public abstract class Loss extends Module {
    final String reduction;

    Loss(String reduction) { this(reduction, "mean", "sum", "none"); }

    Loss(String reduction, String... allowed) {
        if (!java.util.Arrays.asList(allowed).contains(reduction)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + reduction + " is not a valid value for reduction");
        }
        this.reduction = reduction;
    }

    public final String reduction() { return reduction; }

    public final Tensor forward(Tensor input, Tensor target) { return scoped(() -> compute(input, target)); }

    protected abstract Tensor compute(Tensor input, Tensor target);

    @Override
    public Object invoke(Tensor... in) {
        if (in.length != 2) throw new IllegalArgumentException(getClass().getSimpleName() + " takes (input, target), got " + in.length);
        return forward(in[0], in[1]);
    }

    Tensor reduce(Tensor loss) {
        return switch (reduction) {
            case "mean" -> F.mean(loss);
            case "sum" -> F.sum(loss);
            default -> loss;
        };
    }

    static void sameShape(String loss, Tensor input, Tensor target) {
        if (!java.util.Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(loss + ": target size " + java.util.Arrays.toString(target.shape())
                    + " must be the same as input size " + java.util.Arrays.toString(input.shape()));
        }
    }
}
