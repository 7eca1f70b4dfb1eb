package dev.onnxport.bench;

import dev.onnxport.export.ExportModes;
import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.passes.CommonSubexpressionElimination;
import dev.onnxport.ir.passes.ConstantFolding;
import dev.onnxport.ir.passes.DeadCodeElimination;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.ir.passes.InitializerDeduplication;
import dev.onnxport.onnx.passes.ConstantNodesToInitializers;
import dev.onnxport.onnx.passes.ConvBatchNormFolding;
import dev.onnxport.onnx.passes.MatMulAddToGemm;
import dev.onnxport.onnx.passes.OnnxConstantFolding;
import dev.onnxport.onnx.passes.ShapeInference;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Milliseconds per pass of a static-axes, shape-only export up to the ONNX passes (no writing), {@code runs}
 * times in one JVM. It rebuilds the pass lists of {@code CorePasses.forExport(true)} and
 * {@code OnnxPasses.forExport} with a timer around each pass, so it must follow them when they change:
 * {@code java -cp bench/target/benchmarks.jar dev.onnxport.bench.PassBreakdown [runs] [model...]}.
 */
public final class PassBreakdown {
    private PassBreakdown() {}

    private static final int MAX_ROUNDS = 50;

    public static void main(String[] a) {
        int runs = a.length > 0 ? Integer.parseInt(a[0]) : 3;
        String[] models = a.length > 1 ? java.util.Arrays.copyOfRange(a, 1, a.length) : new String[] {"resnet50", "gpt2"};
        for (String name : models) {
            ZooExport zoo = new ZooExport(name);
            for (int run = 0; run < runs; run++) {
                Map<String, Double> ms = once(zoo);
                StringBuilder sb = new StringBuilder(name + " run " + run + ":");
                ms.forEach((k, v) -> sb.append(String.format(" %s=%.1f", k, v)));
                System.out.println(sb);
            }
        }
    }

    private static Map<String, Double> once(ZooExport zoo) {
        Map<String, Double> ms = new LinkedHashMap<>();
        TraceOptions to = TraceOptions.defaults().withGraphName("main_graph").withInputNames(zoo.factory.inputNames())
                .withShapeOnly(true);
        long t = System.nanoTime();
        Graph g = Tracer.trace(zoo.model, to, zoo.inputs);
        ms.put("trace", (System.nanoTime() - t) / 1e6);
        fixedPoint(List.of(new DeadCodeElimination(), new ConstantFolding(ConstantFolding.DEFAULT_MAX_OUTPUT_BYTES),
                new CommonSubexpressionElimination(), new InitializerDeduplication()), g, ms);
        t = System.nanoTime();
        ExportModes.get(OperatorExportType.ONNX).lower(g, new LoweringContext(17, Map.of(), false, new CustomSymbolics()));
        ms.put("lowering", (System.nanoTime() - t) / 1e6);
        GraphPass cleanup = new GraphPass() {
            @Override public String name() { return "onnx-cleanup"; }
            @Override public boolean run(Graph x) { return OnnxCleanup.run(x) > 0; }
        };
        fixedPoint(List.of(new ShapeInference(), new ConvBatchNormFolding(), new MatMulAddToGemm(),
                new OnnxConstantFolding(17), cleanup, new ConstantNodesToInitializers()), g, ms);
        timed(new ShapeInference(), g, ms);
        return ms;
    }

    private static void fixedPoint(List<GraphPass> passes, Graph g, Map<String, Double> ms) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean changed = false;
            for (GraphPass p : passes) changed |= timed(p, g, ms);
            if (!changed) return;
        }
        throw new IllegalStateException("passes still change the graph after " + MAX_ROUNDS + " rounds");
    }

    private static boolean timed(GraphPass p, Graph g, Map<String, Double> ms) {
        long t = System.nanoTime();
        boolean changed = p.run(g);
        ms.merge(p.name(), (System.nanoTime() - t) / 1e6, Double::sum);
        return changed;
    }
}
