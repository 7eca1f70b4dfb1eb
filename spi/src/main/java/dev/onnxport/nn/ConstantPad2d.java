package dev.onnxport.nn;

/**
 * {@code nn.ConstantPad2d(padding, value)} on (C, H, W) or (N, C, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom).
 */
public final class ConstantPad2d extends PadNd {
    public ConstantPad2d(long padding, double value) { this(new long[] {padding}, value); }

    public ConstantPad2d(long[] padding, double value) { super("ConstantPad2d", 2, "constant", value, padding); }
}
