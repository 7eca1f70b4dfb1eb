package dev.onnxport.cli;

import dev.onnxport.export.ExportModes;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.OpSupport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which registered aten ops each available export type can export at an opset, as the modes themselves answer. */
@Command(name = "ops", header = "List the registered aten operators and which export types support each.",
        mixinStandardHelpOptions = true,
        description = "List the registered aten operators and, for each export type whose module is present, whether "
                + "it exports the op at the opset: 'yes', 'from N' (needs opset N or later) or '-' (no). "
                + "Each export mode answers for itself (ONNX from the lowering's symbolic functions; ONNX_ATEN and the "
                + "fallback types take every registered aten op).",
        footer = {"", "Examples:", "  onnxport ops --opset 13", "  onnxport ops | grep conv"})
final class OpsCommand implements Callable<Integer> {
    @Option(names = "--opset", paramLabel = "N", defaultValue = "17",
            description = "opset version, " + OpsetRange.FIRST_SUPPORTED + " to " + OpsetRange.LAST_SUPPORTED
                    + " (default ${DEFAULT-VALUE})")
    int opset;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        OpsetRange opsets = OpsetRange.SUPPORTED;
        if (!opsets.contains(opset)) {
            throw new IllegalArgumentException("--opset " + opset + " is not supported; choose an opset from "
                    + opsets.first() + " to " + opsets.last());
        }
        PrintWriter out = spec.commandLine().getOut();
        List<ExportMode> modes = ExportModes.all();
        List<OpDef> ops = new ArrayList<>();
        for (OpDef op : AtenOps.registry().all()) if (op.kernel() != null) ops.add(op);  // int ops on shape values have no kernel

        int width = ops.stream().mapToInt(o -> o.qualifiedName().length()).max().orElse(10) + 2;
        StringBuilder head = new StringBuilder(String.format("%-" + width + "s", "aten op (opset " + opset + ")"));
        for (ExportMode m : modes) head.append(String.format("%-20s", m.type()));
        out.println(head.toString().stripTrailing());
        Map<OperatorExportType, Integer> counts = new HashMap<>();
        for (OpDef op : ops) {
            StringBuilder row = new StringBuilder(String.format("%-" + width + "s", op.qualifiedName()));
            for (ExportMode m : modes) {
                OpSupport s = m.supports(op.qualifiedName(), opset);
                if (s.supported()) counts.merge(m.type(), 1, Integer::sum);
                row.append(String.format("%-20s", cell(s)));
            }
            out.println(row.toString().stripTrailing());
        }
        List<String> summary = new ArrayList<>();
        for (ExportMode m : modes) summary.add(m.type() + " " + counts.getOrDefault(m.type(), 0) + " of " + ops.size());
        out.println(ops.size() + " operators; supported at opset " + opset + ": " + String.join(", ", summary));
        List<OperatorExportType> present = modes.stream().map(ExportMode::type).toList();
        for (OperatorExportType t : OperatorExportType.wellKnown()) {
            if (!present.contains(t)) out.println(t + " is not available: no module on the module path provides it");
        }
        out.flush();
        return 0;
    }

    private static String cell(OpSupport s) {
        return switch (s.kind()) {
            case YES -> "yes";
            case FROM_LATER_OPSET -> "from " + s.fromOpset();
            case NO -> "-";
        };
    }
}
