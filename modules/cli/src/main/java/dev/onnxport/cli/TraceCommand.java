package dev.onnxport.cli;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Run a model, trace it into the graph IR and summarize the graph.",
                "With --fixture, load its weights and inputs and compare the eager outputs with PyTorch's",
                "(io.safetensors and io_alt.safetensors); exit 1 on a mismatch."},
        footer = {"", "Examples:", "  onnxport trace --model tiny_gpt",
                "  onnxport trace --fixture ../shared/fixtures/models/resnet18 --graph"})
final class TraceCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--model", paramLabel = "NAME", description = "a bundled model (see the list in the error for a wrong name)")
        String model;
        @Option(names = "--fixture", paramLabel = "DIR", description = "a folder like ../shared/fixtures/models/NAME")
        Path fixture;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--weights", paramLabel = "FILE", description = "safetensors state dict to load (PyTorch names)")
    Path weights;

    @Option(names = "--graph", description = "print the whole traced graph")
    boolean printGraph;

    @Spec CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        ModelFactory factory;
        Map<String, Object> modelJson = null;
        if (source.fixture != null) {
            Path mj = source.fixture.resolve("model.json");
            if (!Files.isRegularFile(mj)) throw new IllegalArgumentException(source.fixture + " has no model.json; expected a fixture folder");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(mj));
            modelJson = m;
            factory = Models.get((String) m.get("model"));
            if (weights == null) weights = source.fixture.resolve("weights.safetensors");
        } else {
            factory = Models.get(source.model);
        }
        Module model = factory.create();
        if (weights != null) model.loadStateDict(Safetensors.read(weights));
        model.eval();

        Tensor[] inputs = modelJson == null ? factory.exampleInputs() : fixtureInputs(source.fixture.resolve("io.safetensors"), factory);
        out.printf("model %s: %,d parameters, %s%n", factory.name(), model.parameterCount(), describe(factory.inputNames(), inputs));

        long t0 = System.nanoTime();
        List<Tensor> eager = flatten(model.invoke(inputs));
        long t1 = System.nanoTime();
        out.printf("eager forward: %.1f ms, outputs %s%n", (t1 - t0) / 1e6, describe(factory.outputNames(), eager.toArray(Tensor[]::new)));

        TraceOptions opts = TraceOptions.defaults().withGraphName(factory.name())
                .withInputNames(factory.inputNames()).withOutputNames(factory.outputNames());
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
        if (modelJson != null) {
            ok &= compare(model, factory, source.fixture.resolve("io.safetensors"));
            Path alt = source.fixture.resolve("io_alt.safetensors");
            if (Files.isRegularFile(alt)) ok &= compare(model, factory, alt);
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private Tensor[] fixtureInputs(Path io, ModelFactory f) {
        Map<String, Tensor> t = Safetensors.read(io);
        Tensor[] in = new Tensor[f.inputNames().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = t.get(f.inputNames().get(i));
            if (in[i] == null) throw new IllegalArgumentException(io + " has no input '" + f.inputNames().get(i) + "'");
        }
        return in;
    }

    /** Eager outputs vs the fixture's, with the tolerance max|got - want| <= 1e-5 + 1e-4 * max|want|. */
    private boolean compare(Module model, ModelFactory f, Path io) {
        Map<String, Tensor> t = Safetensors.read(io);
        List<Tensor> got = flatten(model.invoke(fixtureInputs(io, f)));
        boolean ok = true;
        for (int i = 0; i < got.size(); i++) {
            Tensor want = t.get("output" + i);
            if (want == null) throw new IllegalArgumentException(io + " has no output" + i);
            double maxAbs = 0, maxErr = 0;
            for (long k = 0; k < want.numel(); k++) {
                double w = want.getDoubleFlat(k);
                maxAbs = Math.max(maxAbs, Math.abs(w));
                maxErr = Math.max(maxErr, Math.abs(got.get(i).getDoubleFlat(k) - w));
            }
            double tol = 1e-5 + 1e-4 * maxAbs;
            boolean pass = java.util.Arrays.equals(got.get(i).shape(), want.shape()) && maxErr <= tol;
            ok &= pass;
            out.printf("%s output%d: max|err| %.2e (tolerance %.2e) %s%n", io.getFileName(), i, maxErr, tol, pass ? "ok" : "MISMATCH");
        }
        return ok;
    }

    private static List<Tensor> flatten(Object o) {
        List<Tensor> out = new ArrayList<>();
        if (o instanceof Tensor t) out.add(t);
        else if (o instanceof Object[] a) for (Object x : a) out.addAll(flatten(x));
        else if (o instanceof Iterable<?> it) for (Object x : it) out.addAll(flatten(x));
        return out;
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
