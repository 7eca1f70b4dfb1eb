package dev.onnxport.spi;

import dev.onnxport.onnx.writer.IrVersions;

/**
 * A closed range of default-domain opsets, {@code first..last}. {@link #SUPPORTED} is every opset onnxport
 * writes; an {@link ExportMode} announces the part of it that it lowers to.
 */
public record OpsetRange(int first, int last) {
    /** The first opset onnxport writes (a compile-time constant, for annotations). */
    public static final int FIRST_SUPPORTED = IrVersions.MIN_OPSET;
    /** The last opset onnxport writes (a compile-time constant, for annotations). */
    public static final int LAST_SUPPORTED = IrVersions.MAX_OPSET;
    /** Every opset onnxport writes. */
    public static final OpsetRange SUPPORTED = new OpsetRange(FIRST_SUPPORTED, LAST_SUPPORTED);

    public OpsetRange {
        if (first < 1 || last < first) throw new IllegalArgumentException("opset range " + first + ".." + last + " is empty or below 1");
    }

    public boolean contains(int opset) { return opset >= first && opset <= last; }

    /** True when every opset of {@code other} is in this range. */
    public boolean contains(OpsetRange other) { return other.first >= first && other.last <= last; }

    /** {@code 7..26}. */
    @Override public String toString() { return first + ".." + last; }
}
