package dev.onnxport.onnx.writer;

/** The ONNX IR version written for each default-domain opset (the oldest IR that knows that opset). */
public final class IrVersions {
    private IrVersions() {}

    /**
     * The default-domain opsets onnxport writes, MIN_OPSET..MAX_OPSET: the one place this range is written. The SPI
     * gives it to export modes and users as {@code dev.onnxport.spi.OpsetRange.SUPPORTED}.
     */
    public static final int MIN_OPSET = 7;
    public static final int MAX_OPSET = 26;

    /** The ir_version for {@code opset}: 3 for 7-8, 4 for 9, 5 for 10, 6 for 11, 7 for 12-14, 8 for 15-18, 9 for 19-20, 10 for 21-22, 11 for 23, 12 for 24, 13 for 25-26 (docs/Versioning.md of the ONNX specification). */
    public static long forOpset(int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset " + opset + " is outside the supported range " + MIN_OPSET + ".." + MAX_OPSET);
        }
        return minimumFor(opset);
    }

    /** The lowest IR version that can carry a default-domain opset (any opset; 3 for all up to 8). */
    public static int minimumFor(int opset) {
        if (opset <= 8) return 3;
        if (opset == 9) return 4;
        if (opset == 10) return 5;
        if (opset == 11) return 6;
        if (opset <= 14) return 7;
        if (opset <= 18) return 8;
        if (opset <= 20) return 9;
        if (opset <= 22) return 10;
        if (opset == 23) return 11;
        if (opset == 24) return 12;
        return 13;
    }
}
