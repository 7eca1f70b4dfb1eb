package dev.onnxport.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.verify.TensorComparison;
import dev.onnxport.verify.Tolerance;
import dev.onnxport.verify.VerificationReport;
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
     * Compares {@code got} with {@code want} with the core's {@link TensorComparison}, elementwise: same dtype and
     * shape; floats within {@code |got - want| <= atol + rtol * |want|} (NaN matches NaN, infinities must match);
     * integers and bools exactly. Returns null when equal, else a message with the worst element.
     */
    public static String compare(Tensor got, Tensor want, double rtol, double atol) {
        VerificationReport.Output o = TensorComparison.compare("output", got, want, new Tolerance(rtol, atol, false));
        if (o.passed()) return null;
        if (o.fault() != null) return o.fault();
        long worst = o.worstIndex();
        return "worst element at flat index " + worst + ": got " + got.getDoubleFlat(worst) + ", expected "
                + want.getDoubleFlat(worst) + " (|diff| = " + Math.abs(got.getDoubleFlat(worst) - want.getDoubleFlat(worst)) + ")";
    }
}
