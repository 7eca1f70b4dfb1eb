package dev.onnxport.nn;

/**
 * {@code nn.ZeroPad3d(padding)} (torch 2.1's layer) on (C, D, H, W) or (N, C, D, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom, front, back).
 */
public final class ZeroPad3d extends PadNd {
    public ZeroPad3d(long... padding) { super("ZeroPad3d", 3, "constant", 0.0, padding); }
}
