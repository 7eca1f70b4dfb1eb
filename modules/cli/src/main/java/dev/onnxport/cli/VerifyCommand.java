package dev.onnxport.cli;

import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.verify.VerificationService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs an exported model in ONNX Runtime on a fixture's inputs and compares with PyTorch's outputs. */
@Command(name = "verify", header = "Compare an ONNX model in ONNX Runtime with a fixture's PyTorch outputs.",
        mixinStandardHelpOptions = true,
        description = "Run an ONNX model in ONNX Runtime on a fixture's io.safetensors and io_alt.safetensors inputs "
                + "and compare with their PyTorch outputs (scale-aware: max|err| <= 1e-5 + 1e-4 * max|expected|). "
                + "Prints the error of each output; exit 1 on a mismatch.",
        footer = {"", "Example:", "  onnxport verify tiny_gpt.onnx --fixture ../shared/fixtures/models/tiny_gpt"})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "an .onnx file, a folder with model.onnx, or a zip archive")
    Path file;

    @Option(names = "--fixture", paramLabel = "DIR", required = true, description = "a folder like ../shared/fixtures/models/NAME")
    Path fixture;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelFixture fx = ModelFixture.read(fixture);
        VerificationService service = Verification.service();
        RuntimeVerifier rv = service.runtime();
        boolean ok;
        try (ModelFile mf = ModelFile.open(file)) {
            mf.proto();  // a file that is not a model fails here with one line, before the runtime is asked
            Progress progress = Progress.on(spec.commandLine().getErr());
            progress.show("opening " + file + " in " + rv.name() + " ...");
            rv.check(mf.onnx());
            progress.clear();
            ok = Verification.againstFixture(service, mf.onnx(), fx, out);
        }
        out.println(ok ? file + " matches " + fixture + " in " + rv.name() : file + " does NOT match " + fixture);
        out.flush();
        if (!ok) {
            spec.commandLine().getErr().println("onnxport: " + file + " differs from the fixture outputs in " + rv.name()
                    + " (see the MISMATCH lines above)");
            return 1;
        }
        return 0;
    }
}
