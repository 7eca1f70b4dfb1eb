package dev.onnxport.cli;

import dev.onnxport.export.ExportModes;
import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.spi.Tolerance;
import dev.onnxport.spi.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs exported models in the runtime verifier and prints one line per output. */
final class Verification {
    private Verification() {}

    /** The runtime verifier; fails naming the module to add when there is none. */
    static RuntimeVerifier runtime() {
        RuntimeVerifier rv = ExportModes.verifier();
        if (rv == null) {
            throw new IllegalArgumentException("no runtime to verify with: add the module dev.onnxport.ort "
                    + "(onnxport-ort.jar) to the module path");
        }
        return rv;
    }

    /** Prints {@code label output: ok|MISMATCH max|err| ...} per output; true when all passed. */
    static boolean print(PrintWriter out, String label, VerificationReport r) {
        for (VerificationReport.Output o : r.outputs()) {
            out.printf("%s %s: %s", label, o.name(), o.passed() ? "ok" : "MISMATCH");
            if (o.fault() != null) out.printf(" (%s)%n", o.fault());
            else out.printf(" max|err| %.3g, max rel %.3g%n", o.maxAbsError(), o.maxRelError());
        }
        return r.passed();
    }

    /**
     * Runs {@code model} on each io file of the fixture and compares with PyTorch's outputs, scale-aware (the
     * fixture outputs include logits whose small elements are noise); true when every output passed.
     */
    static boolean againstFixture(RuntimeVerifier rv, Path model, ModelFixture f, PrintWriter out) {
        boolean ok = true;
        for (ModelFixture.Io io : f.ios()) {
            VerificationReport r = rv.verify(model, io.inputs(), io.outputs(), Tolerance.SCALE_AWARE);
            ok &= print(out, io.file().getFileName().toString(), r);
        }
        return ok;
    }
}
