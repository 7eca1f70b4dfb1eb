package dev.onnxport.nn;

/**
 * {@code nn.CircularPad1d(padding)} (torch 2.1's layer; in torch 1.13 {@code F.pad(x, padding, mode="circular")}) on (C, W) or (N, C, W): {@code padding} is one number for every side or
 * (left, right).
 */
public final class CircularPad1d extends PadNd {
    public CircularPad1d(long... padding) { super("CircularPad1d", 1, "circular", 0.0, padding); }
}
