package dev.onnxport.cli;

import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.Tensors;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.verify.TensorComparison;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a model eagerly, traces it (with real data and shape-only) and prints what was recorded; with a
 * fixture, compares the eager outputs with PyTorch's.
 */
@Command(name = "trace", header = "Run a model, trace it into the graph IR and summarize the graph.",
        mixinStandardHelpOptions = true,
        description = "Run a model, trace it into the graph IR and summarize the graph. "
                + "With --fixture, load its weights and inputs and compare the eager outputs with PyTorch's "
                + "(io.safetensors and io_alt.safetensors); exit 1 on a mismatch.",
        footer = {"", "Examples:", "  onnxport trace --model tiny_gpt",
                "  onnxport trace --fixture ../shared/fixtures/models/resnet18 --graph"})
final class TraceCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelSource source;

    @picocli.CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--weights", paramLabel = "FILE", description = "safetensors state dict to load (PyTorch names)")
    Path weights;

    @Option(names = "--graph", description = "print the whole traced graph")
    boolean printGraph;

    @Spec CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        LoadedModel m = source.load(weights, config.settings);
        Module model = m.module();
        Tensor[] inputs = m.inputs();
        out.printf("model %s: %,d parameters, %s%n", m.factory().name(), model.parameterCount(), describe(m.inputNames(), inputs));

        long t0 = System.nanoTime();
        List<Tensor> eager = Tensors.flatten(model.invoke(inputs));
        long t1 = System.nanoTime();
        out.printf("eager forward: %.1f ms, outputs %s%n", (t1 - t0) / 1e6, describe(m.outputNames(), eager.toArray(Tensor[]::new)));

        TraceOptions opts = TraceOptions.defaults().withGraphName(m.factory().name())
                .withInputNames(m.inputNames()).withOutputNames(m.outputNames());
        long t2 = System.nanoTime();
        Graph g = Tracer.trace(model, opts, inputs);
        long t3 = System.nanoTime();
        Graph meta = Tracer.trace(model, opts.withShapeOnly(true), inputs);
        long t4 = System.nanoTime();
        boolean same = GraphPrinter.print(g, false).equals(GraphPrinter.print(meta, false));
        out.printf("trace: %d nodes, %d initializers, %.1f ms; shape-only trace: %.1f ms, %s%n",
                g.allNodes().size(), g.initializers().size(), (t3 - t2) / 1e6, (t4 - t3) / 1e6,
                same ? "same graph" : "DIFFERENT graph");
        out.println("ops: " + histogram(g));
        if (printGraph) out.print(GraphPrinter.print(g));

        boolean ok = same;
        if (m.fixture() != null) {
            for (ModelFixture.Io io : m.fixture().ios()) ok &= compare(model, io);
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /**
     * Eager outputs vs the fixture's, under the verification service's tolerances for model outputs (scale-aware:
     * max|got - want| <= 1e-5 + 1e-4 * max|want| for float32).
     */
    private boolean compare(Module model, ModelFixture.Io io) {
        List<Tensor> got = Tensors.flatten(model.invoke(io.args()));
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < got.size(); i++) named.put("output" + i, got.get(i));
        VerificationReport r = TensorComparison.compareAll("eager", named, io.outputs(), TolerancePolicy.modelOutputs());
        return Verification.print(out, io.file().getFileName().toString(), r);
    }

    private static String describe(List<String> names, Tensor[] ts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ts.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(i < names.size() ? names.get(i) : "#" + i).append(' ').append(ts[i]);
        }
        return sb.toString();
    }

    private static String histogram(Graph g) {
        Map<String, Integer> h = new TreeMap<>();
        for (Node n : g.allNodes()) h.merge(n.kind(), 1, Integer::sum);
        StringBuilder sb = new StringBuilder();
        h.forEach((k, v) -> sb.append(sb.length() > 0 ? ", " : "").append(k).append(' ').append(v));
        return sb.toString();
    }
}
