package dev.onnxport.cli;

import dev.onnxport.export.ExportModes;
import dev.onnxport.onnx.checker.Problem;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.spi.RuntimeVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The structural checker, then an ONNX Runtime session when the runtime module is present. */
@Command(name = "check", header = "Check an ONNX model structurally and, when its module is present, in ONNX Runtime.",
        mixinStandardHelpOptions = true,
        description = "Check an ONNX model: structurally (names, order, node schemas, types, initializer data, "
                + "external data), then by opening it in ONNX Runtime when its module is present. Exit 1 on a problem.",
        footer = {"", "Example:", "  onnxport check resnet18.onnx"})
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "an .onnx file, a folder with model.onnx, or a zip archive")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ModelFile mf = ModelFile.open(file)) {
            ModelProto m = mf.proto();
            List<Problem> problems = StructuralChecker.check(m, mf.onnx().toAbsolutePath().getParent());
            for (Problem p : problems) out.println("  " + p);
            if (!problems.isEmpty()) {
                out.flush();
                spec.commandLine().getErr().println("onnxport: " + file + " has " + problems.size() + " structural problem"
                        + (problems.size() == 1 ? "" : "s") + ", the first: " + Main.oneLine(problems.get(0).toString()));
                return 1;
            }
            out.printf("%s: structurally valid (ir_version %d, opsets %s, %d nodes)%n", file, m.getIrVersion(),
                    opsetText(m.getOpsetImportList()),
                    m.getGraph().getNodeCount());
            RuntimeVerifier rv = ExportModes.verifier();
            if (rv == null) {
                out.println("no runtime check: add the module dev.onnxport.ort to the module path for ONNX Runtime");
            } else {
                rv.check(mf.onnx());
                out.printf("%s: %s opens it%n", file, rv.name());
            }
        }
        out.flush();
        return 0;
    }

    static String opsetText(List<OperatorSetIdProto> imports) {
        return imports.stream().map(o -> (o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()) + " " + o.getVersion())
                .collect(Collectors.joining(", "));
    }
}
