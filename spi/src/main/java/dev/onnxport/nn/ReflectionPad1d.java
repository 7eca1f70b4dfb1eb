package dev.onnxport.nn;

/**
 * {@code nn.ReflectionPad1d(padding)} on (C, W) or (N, C, W): {@code padding} is one number for every side or
 * (left, right).
 */
public final class ReflectionPad1d extends PadNd {
    public ReflectionPad1d(long... padding) { super("ReflectionPad1d", 1, "reflect", 0.0, padding); }
}
