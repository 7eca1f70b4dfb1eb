package dev.onnxport.nn;

/**
 * {@code nn.ConstantPad3d(padding, value)} on (C, D, H, W) or (N, C, D, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom, front, back).
 */
public final class ConstantPad3d extends PadNd {
    public ConstantPad3d(long padding, double value) { this(new long[] {padding}, value); }

    public ConstantPad3d(long[] padding, double value) { super("ConstantPad3d", 3, "constant", value, padding); }
}
