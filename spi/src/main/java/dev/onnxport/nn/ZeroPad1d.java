package dev.onnxport.nn;

/**
 * {@code nn.ZeroPad1d(padding)} (torch 2.1's layer) on (C, W) or (N, C, W): {@code padding} is one number for every side or
 * (left, right).
 */
public final class ZeroPad1d extends PadNd {
    public ZeroPad1d(long... padding) { super("ZeroPad1d", 1, "constant", 0.0, padding); }
}
