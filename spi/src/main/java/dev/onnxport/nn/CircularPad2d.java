package dev.onnxport.nn;

/**
 * {@code nn.CircularPad2d(padding)} (torch 2.1's layer; in torch 1.13 {@code F.pad(x, padding, mode="circular")}) on (C, H, W) or (N, C, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom).
 */
public final class CircularPad2d extends PadNd {
    public CircularPad2d(long... padding) { super("CircularPad2d", 2, "circular", 0.0, padding); }
}
