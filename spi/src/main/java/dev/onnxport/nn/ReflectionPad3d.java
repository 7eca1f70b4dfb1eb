package dev.onnxport.nn;

/**
 * {@code nn.ReflectionPad3d(padding)} on (C, D, H, W) or (N, C, D, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom, front, back).
 */
public final class ReflectionPad3d extends PadNd {
    public ReflectionPad3d(long... padding) { super("ReflectionPad3d", 3, "reflect", 0.0, padding); }
}
