package dev.onnxport.nn;

/**
 * {@code nn.ReflectionPad2d(padding)} on (C, H, W) or (N, C, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom).
 */
public final class ReflectionPad2d extends PadNd {
    public ReflectionPad2d(long... padding) { super("ReflectionPad2d", 2, "reflect", 0.0, padding); }
}
