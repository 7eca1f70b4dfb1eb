package dev.onnxport.nn;

/**
 * {@code nn.ReplicationPad2d(padding)} on (C, H, W) or (N, C, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom).
 */
public final class ReplicationPad2d extends PadNd {
    public ReplicationPad2d(long... padding) { super("ReplicationPad2d", 2, "replicate", 0.0, padding); }
}
