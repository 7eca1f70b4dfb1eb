package dev.onnxport.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the PyTorch ground truth in {@code ../shared/fixtures} and compares tensors against it. */
public final class Fixtures {
    private Fixtures() {}

    /** The fixtures folder; the calling test is skipped with a message when it is absent. */
    public static Path root() {
        String prop = System.getProperty("onnxport.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "shared");
        if (!Files.isDirectory(shared.resolve("fixtures"))) shared = Path.of("..", "..", "shared");
        if (!Files.isDirectory(shared.resolve("fixtures"))) shared = Path.of("..", "..", "..", "shared");
        Path f = shared.resolve("fixtures");
        assumeTrue(Files.isDirectory(f), "PyTorch fixtures not found at " + f.toAbsolutePath()
                + " (set -Donnxport.shared=DIR); skipping");
        return f;
    }

    public static Path ops() { return root().resolve("ops"); }
    public static Path models() { return root().resolve("models"); }

    /**
     * Compares {@code got} with {@code want}: same dtype and shape; floats within
     * {@code |got - want| <= atol + rtol * |want|} (NaN matches NaN, infinities must match); integers and
     * bools exactly. Returns null when equal, else a message with the worst element.
     */
    public static String compare(Tensor got, Tensor want, double rtol, double atol) {
        if (got.dtype() != want.dtype()) return "dtype " + got.dtype() + ", expected " + want.dtype();
        if (!java.util.Arrays.equals(got.shape(), want.shape())) {
            return "shape " + java.util.Arrays.toString(got.shape()) + ", expected " + java.util.Arrays.toString(want.shape());
        }
        long n = want.numel();
        long worst = -1;
        double worstExcess = 0;
        for (long i = 0; i < n; i++) {
            double g = got.getDoubleFlat(i), w = want.getDoubleFlat(i);
            double excess;
            if (want.dtype().isFloatingPoint()) {
                if (Double.isNaN(w) || Double.isNaN(g)) excess = Double.isNaN(w) && Double.isNaN(g) ? 0 : Double.POSITIVE_INFINITY;
                else if (Double.isInfinite(w) || Double.isInfinite(g)) excess = g == w ? 0 : Double.POSITIVE_INFINITY;
                else excess = Math.abs(g - w) - (atol + rtol * Math.abs(w));
            } else {
                excess = got.getLongFlat(i) == want.getLongFlat(i) ? 0 : Math.abs(g - w) + 1;
            }
            if (excess > 0 && (worst < 0 || excess > worstExcess)) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst < 0) return null;
        return "worst element at flat index " + worst + ": got " + got.getDoubleFlat(worst) + ", expected "
                + want.getDoubleFlat(worst) + " (|diff| = " + Math.abs(got.getDoubleFlat(worst) - want.getDoubleFlat(worst)) + ")";
    }
}
