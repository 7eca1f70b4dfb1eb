package dev.onnxport.cli;

import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the registered aten operators with their schemas. */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = "List the registered operators (PyTorch schemas) with eager kernel and shape rule.",
        footer = {"", "Example:", "  onnxport ops | grep conv"})
final class OpsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int n = 0;
        for (OpDef op : OpRegistry.global().all()) {
            if (op.kernel() == null) continue; // int ops on shape values have no tensor kernel
            out.println(op.schema().text());
            n++;
        }
        out.println(n + " operators");
        out.flush();
        return 0;
    }
}
