package dev.onnxport.cli;

import dev.onnxport.export.ExportModes;
import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.verify.MultiSizeVerification;
import dev.onnxport.verify.SizeRun;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The commands' access to the core's verification service, and how its results are printed. */
final class Verification {
    private Verification() {}

    /**
     * The verification service on the runtime verifier found on the module path, with the default tolerances
     * (scale-aware); fails naming the module to add when there is no runtime.
     */
    static VerificationService service() {
        RuntimeVerifier rv = ExportModes.verifier();
        if (rv == null) {
            throw new IllegalArgumentException("no runtime to verify with: add the module dev.onnxport.ort "
                    + "(onnxport-ort.jar) to the module path");
        }
        return VerificationService.of(rv);
    }

    /** Prints {@code label output: ok|MISMATCH max|err| ...} per output; true when all passed. */
    static boolean print(PrintWriter out, String label, VerificationReport r) {
        for (VerificationReport.Output o : r.outputs()) out.println(label + " " + VerificationReport.line(o));
        return r.passed();
    }

    /**
     * Prints the runs of a multi-size verification against the eager model, one line per output labelled
     * {@code eager} (example inputs) or {@code eager batch=1} (another size), then the first divergent node or the
     * diagnosis when there is one; true when every run passed.
     */
    static boolean print(PrintWriter out, MultiSizeVerification v) {
        for (int i = 0; i < v.runs().size(); i++) {
            SizeRun r = v.runs().get(i);
            print(out, i == 0 ? "eager" : "eager " + r.label(), r.report());
        }
        if (v.divergence() != null) out.println(v.divergence().describe());
        if (v.diagnosis() != null) out.println(v.diagnosis());
        return v.passed();
    }

    /**
     * Runs {@code model} on each io file of the fixture and compares with PyTorch's outputs under the service's
     * tolerances (by default scale-aware: the fixture outputs include logits whose small elements are noise);
     * true when every output passed.
     */
    static boolean againstFixture(VerificationService service, Path model, ModelFixture f, PrintWriter out) {
        boolean ok = true;
        for (ModelFixture.Io io : f.ios()) {
            VerificationReport r = service.compare(model, io.inputs(), io.outputs());
            ok &= print(out, io.file().getFileName().toString(), r);
        }
        return ok;
    }
}
