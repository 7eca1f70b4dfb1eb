package dev.onnxport.nn;

/**
 * {@code nn.ReplicationPad1d(padding)} on (C, W) or (N, C, W): {@code padding} is one number for every side or
 * (left, right).
 */
public final class ReplicationPad1d extends PadNd {
    public ReplicationPad1d(long... padding) { super("ReplicationPad1d", 1, "replicate", 0.0, padding); }
}
