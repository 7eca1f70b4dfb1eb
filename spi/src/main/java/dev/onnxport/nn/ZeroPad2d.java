package dev.onnxport.nn;

/**
 * {@code nn.ZeroPad2d(padding)} on (C, H, W) or (N, C, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom).
 */
public final class ZeroPad2d extends PadNd {
    public ZeroPad2d(long... padding) { super("ZeroPad2d", 2, "constant", 0.0, padding); }
}
