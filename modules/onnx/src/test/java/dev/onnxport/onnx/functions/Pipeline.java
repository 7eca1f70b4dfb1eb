package dev.onnxport.onnx.functions;

import dev.onnxport.export.CorePasses;
import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.export.TrainingMode;
import dev.onnxport.export.TrainingModeScope;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.localfunctions.FunctionExtraction;
import dev.onnxport.onnx.localfunctions.LocalFunction;
import dev.onnxport.onnx.lowering.OnnxExportMode;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The steps of {@link OnnxExport} with the real ONNX lowering. The facade itself cannot be used here: the spi
 * test classes on this module's test class path register fake ONNX export modes as services.
 */
public final class Pipeline {
    private Pipeline() {}

    /** Exports {@code m} in eval mode; {@code functions} null means the flat export. */
    public static void export(Module m, Tensor[] args, int opset, TrainingMode mode, Predicate<Module> functions, List<String> inputNames,
                       Map<Integer, String> dynamicAxesOfInput0, Path out) {
        try (TrainingModeScope scope = OnnxExport.selectModelModeForExport(m, mode)) {
            Graph g = Tracer.trace(m, TraceOptions.defaults().withGraphName(OnnxExport.GRAPH_NAME).withInputNames(inputNames), args);
            Value in = g.inputs().get(0);
            for (Map.Entry<Integer, String> a : dynamicAxesOfInput0.entrySet()) in.setType(in.type().withSymbol(a.getKey(), a.getValue()));
            for (GraphPass p : CorePasses.forExport(true)) p.run(g);
            new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), scope.training(), new CustomSymbolics()));
            OnnxCleanup.run(g);
            List<LocalFunction> fns = List.of();
            if (functions != null) {
                fns = FunctionExtraction.run(g, m, functions);
                OnnxCleanup.run(g);
            }
            WriterOptions w = WriterOptions.of(opset);
            OnnxWriter.write(ModelAssembler.assemble(g, w, fns), w, out);
        }
    }
}
