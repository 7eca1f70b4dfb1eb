package dev.onnxport.tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a model's forward returns, as the flat list of tensors that the exported graph's outputs stand for. */
public final class Tensors {
    private Tensors() {}

    /**
     * The tensors of {@code result} in order: a Tensor, or arrays and collections of them nested to any depth
     * (a tuple of a tensor and a list of tensors gives three). Anything else, null included, is refused: an output
     * silently left out would pair every later one with the wrong expected tensor.
     *
     * @throws IllegalArgumentException naming what was found instead of a tensor
     */
    public static List<Tensor> flatten(Object result) {
        List<Tensor> out = new ArrayList<>();
        flatten(result, out);
        return out;
    }

    private static void flatten(Object o, List<Tensor> out) {
        // Collection, not Iterable: a Path is an Iterable of Paths, one of which is itself.
        if (o instanceof Tensor t) out.add(t);
        else if (o instanceof Object[] a) for (Object x : a) flatten(x, out);
        else if (o instanceof Collection<?> c) for (Object x : c) flatten(x, out);
        else throw new IllegalArgumentException("forward returned " + (o == null ? "null" : o.getClass().getName())
                + "; return a Tensor, an array or a list of tensors");
    }
}
