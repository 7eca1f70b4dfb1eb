package dev.onnxport.cli;

import dev.onnxport.export.ExportModes;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.onnx.symbolic.SymbolicTable;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which registered aten ops each available export type can export at an opset. */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = {"List the registered aten operators and, for each export type whose module is present, whether",
                "it exports the op at the opset: 'yes', 'from N' (needs opset N or later) or '-' (no symbolic function).",
                "ONNX asks the lowering's symbolic table; ONNX_ATEN and the fallback types take every registered op."},
        footer = {"", "Examples:", "  onnxport ops --opset 13", "  onnxport ops | grep conv"})
final class OpsCommand implements Callable<Integer> {
    @Option(names = "--opset", paramLabel = "N", defaultValue = "17", description = "opset version, 7 to 22 (default ${DEFAULT-VALUE})")
    int opset;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (opset < SymbolicTable.MIN_OPSET || opset > SymbolicTable.MAX_OPSET) {
            throw new IllegalArgumentException("--opset " + opset + " is not supported; choose an opset from "
                    + SymbolicTable.MIN_OPSET + " to " + SymbolicTable.MAX_OPSET);
        }
        PrintWriter out = spec.commandLine().getOut();
        Set<OperatorExportType> types = ExportModes.available();
        List<OpDef> ops = new ArrayList<>();
        for (OpDef op : AtenOps.registry().all()) if (op.kernel() != null) ops.add(op);  // int ops on shape values have no kernel

        int width = ops.stream().mapToInt(o -> o.qualifiedName().length()).max().orElse(10) + 2;
        StringBuilder head = new StringBuilder(String.format("%-" + width + "s", "aten op (opset " + opset + ")"));
        for (OperatorExportType t : types) head.append(String.format("%-20s", t));
        out.println(head.toString().stripTrailing());
        Map<OperatorExportType, Integer> counts = new EnumMap<>(OperatorExportType.class);
        for (OpDef op : ops) {
            StringBuilder row = new StringBuilder(String.format("%-" + width + "s", op.qualifiedName()));
            for (OperatorExportType t : types) {
                String cell = cell(t, op.qualifiedName());
                if (cell.equals("yes")) counts.merge(t, 1, Integer::sum);
                row.append(String.format("%-20s", cell));
            }
            out.println(row.toString().stripTrailing());
        }
        List<String> summary = new ArrayList<>();
        for (OperatorExportType t : types) summary.add(t + " " + counts.getOrDefault(t, 0) + " of " + ops.size());
        out.println(ops.size() + " operators; supported at opset " + opset + ": " + String.join(", ", summary));
        for (OperatorExportType t : OperatorExportType.values()) {
            if (!types.contains(t)) out.println(t + " is not available: add the module " + t.moduleName() + " (" + t.artifact() + ".jar)");
        }
        out.flush();
        return 0;
    }

    private String cell(OperatorExportType t, String op) {
        if (t != OperatorExportType.ONNX) return "yes";  // ATen nodes (or the op's own domain) take every registered op
        SymbolicTable table = SymbolicTable.builtins();
        if (table.get(op, opset) != null) return "yes";
        OptionalInt from = table.lowestOpset(op);
        return from.isPresent() && from.getAsInt() > opset ? "from " + from.getAsInt() : "-";
    }
}
