package dev.onnxport.nn;

/**
 * {@code nn.ReplicationPad3d(padding)} on (C, D, H, W) or (N, C, D, H, W): {@code padding} is one number for every side or
 * (left, right, top, bottom, front, back).
 */
public final class ReplicationPad3d extends PadNd {
    public ReplicationPad3d(long... padding) { super("ReplicationPad3d", 3, "replicate", 0.0, padding); }
}
