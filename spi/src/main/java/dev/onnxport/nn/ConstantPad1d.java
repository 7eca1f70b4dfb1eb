package dev.onnxport.nn;

/**
 * {@code nn.ConstantPad1d(padding, value)} on (C, W) or (N, C, W): {@code padding} is one number for every side or
 * (left, right).
 */
public final class ConstantPad1d extends PadNd {
    public ConstantPad1d(long padding, double value) { this(new long[] {padding}, value); }

    public ConstantPad1d(long[] padding, double value) { super("ConstantPad1d", 1, "constant", value, padding); }
}
