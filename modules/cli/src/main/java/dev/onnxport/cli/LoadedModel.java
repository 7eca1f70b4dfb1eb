package dev.onnxport.cli;

import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.FileChecks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model ready to export: built by its zoo factory (weights loaded when given), in eval mode, with its example
 * inputs, names and dynamic axes, and the fixture it came from (or null).
 */
record LoadedModel(ModelFactory factory, Module module, Tensor[] inputs, List<String> inputNames,
                   List<String> outputNames, Map<String, Map<Integer, String>> dynamicAxes, ModelFixture fixture) {

    /** A bundled model by name, with hyper-parameters {@code config} (see ModelFactory.withConfig); seeded parameters unless {@code weights} is given. */
    static LoadedModel ofName(String name, Path weights, Map<String, String> config) {
        ModelFactory f = Models.get(name).withConfig(config);
        Module m = build(f, weights);
        return new LoadedModel(f, m, f.exampleInputs(), f.inputNames(), f.outputNames(), f.dynamicAxes(), null);
    }

    /** The model of a fixture folder (hyper-parameters from model.json's "config", then {@code config}), its weights (unless {@code weights} overrides them), io inputs and dynamic axes. */
    static LoadedModel ofFixture(ModelFixture fx, Path weights, Map<String, String> config) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(fx.config());
        merged.putAll(config);   // --config overrides model.json
        ModelFactory f = Models.get(fx.model()).withConfig(merged);
        Module m = build(f, weights != null ? weights : fx.weights());
        ModelFixture.Io io = fx.io();
        List<String> outs = fx.outputNames().isEmpty() ? f.outputNames() : fx.outputNames();
        return new LoadedModel(f, m, io.args(), List.copyOf(io.inputs().keySet()), outs, fx.dynamicAxes(), fx);
    }

    private static Module build(ModelFactory f, Path weights) {
        String problem = weights == null ? null : FileChecks.inputProblem(weights, "a safetensors file (--weights)");
        if (problem != null) throw new IllegalArgumentException(problem);
        // With a checkpoint, build a skeleton (meta parameters) and load the mapped tensors into it: the random
        // weights would only be thrown away, and the checkpoint's stay memory-mapped through the export.
        Module m = weights == null ? f.create() : Init.withoutData(f::create);
        if (weights != null) m.loadStateDict(Safetensors.read(weights));
        m.eval();
        return m;
    }

    /**
     * {@link #nonFiniteWarning} on a daemon thread of its own, without progress (the export's progress line is
     * showing); join it for the warning. It only reads the weights, as the export does.
     */
    java.util.concurrent.CompletableFuture<String> nonFiniteWarningInBackground() {
        java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
        Thread scan = new Thread(() -> {
            try {
                result.complete(nonFiniteWarning(SILENT));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "onnxport-nonfinite");
        scan.setDaemon(true);
        scan.start();
        return result;
    }

    /** A renderer that never draws (not a terminal), for the check in the background. */
    private static final Progress SILENT = new Progress(new java.io.PrintWriter(java.io.Writer.nullWriter()), false,
            System::nanoTime, 80);

    /**
     * A warning naming the floating parameters and buffers that hold NaN or infinity (such a model computes NaN,
     * and verification fails on it), or null when every value is finite. Reads each value once, from the mapping, by its
     * bits ({@link NonFinite}), telling {@code progress} the bytes read after each tensor.
     */
    String nonFiniteWarning(Progress progress) {
        java.util.List<String> bad = new java.util.ArrayList<>();
        long total = 0;
        long bytes = 0, read = 0;   // of the weights to scan, for the progress line (told once per tensor)
        for (Tensor t : module.stateDict().values()) {
            if (!t.isMeta() && t.dtype().isFloatingPoint()) bytes += t.numel() * t.dtype().byteSize();
        }
        for (Map.Entry<String, Tensor> e : module.stateDict().entrySet()) {
            Tensor t = e.getValue();
            if (t.isMeta() || !t.dtype().isFloatingPoint()) continue;
            long n = NonFinite.count(t);
            read += t.numel() * t.dtype().byteSize();
            progress.bytes(read, bytes);
            if (n > 0) {
                total += n;
                if (bad.size() < 3) bad.add("'" + dev.onnxport.util.Names.quote(e.getKey()) + "' (" + n + ")");
                else if (bad.size() == 3) bad.add("...");
            }
        }
        return total == 0 ? null : "the weights hold " + total + " NaN or infinite value(s), in " + String.join(", ", bad)
                + "; the model will compute NaN or Inf, and --verify fails on it unless --allow-nonfinite is given";
    }
}
