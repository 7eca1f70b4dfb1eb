package dev.onnxport.nn;

/**
 * {@code nn.CircularPad3d(padding)} (torch 2.1's layer; in torch 1.13 {@code F.pad(x, padding, mode="circular")}) on (C, D, H, W) or (N, C, D, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom, front, back).
 */
public final class CircularPad3d extends PadNd {
    public CircularPad3d(long... padding) { super("CircularPad3d", 3, "circular", 0.0, padding); }
}
