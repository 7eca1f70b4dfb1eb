package dev.onnxport.bench;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportReport;
import dev.onnxport.export.OnnxExport;
import java.nio.file.Path;
import java.util.Map;

/**
 * Per-phase times, node counts, bytes and heap of one export per model, static and with dynamic axes, after
 * {@code warmups} unmeasured exports. Not a JMH benchmark (the export report times the phases from inside):
 * {@code java -cp bench/target/benchmarks.jar dev.onnxport.bench.ExportBreakdown [warmups] [model...]}.
 *
 * <p>Peak heap is the sum of the heap pools' peak usage over the measured export (pools are reset after a GC
 * just before it), so it bounds the true peak from above; it includes the model's own weights, which the zoo
 * keeps on the heap.
 */
public final class ExportBreakdown {
    private ExportBreakdown() {}

    public static void main(String[] a) {
        int warmups = a.length > 0 ? Integer.parseInt(a[0]) : 3;
        String[] models = a.length > 1 ? java.util.Arrays.copyOfRange(a, 1, a.length)
                : new String[] {"resnet50", "mobilenet_v2", "gpt2", "bert-base"};
        Path dir = ZooExport.tempDir();
        try {
            for (String name : models) {
                ZooExport zoo = new ZooExport(name);
                for (boolean dynamic : new boolean[] {false, true}) run(zoo, dynamic, warmups, dir);
            }
        } finally {
            ZooExport.delete(dir);
        }
    }

    private static void run(ZooExport zoo, boolean dynamic, int warmups, Path dir) {
        Path file = dir.resolve(zoo.factory.name() + ".onnx");
        ExportOptions plain = zoo.options(dynamic, true).build();
        for (int i = 0; i < warmups; i++) OnnxExport.export(zoo.model, zoo.inputs, file, plain);
        ExportOptions withReport = zoo.options(dynamic, true).report(dir.resolve("report")).build();
        long baseline = HeapPeaks.reset();
        long t = System.nanoTime();
        ExportReport r = OnnxExport.exportWithResult(zoo.model, zoo.inputs, file, withReport).report();
        double ms = (System.nanoTime() - t) / 1e6;
        long peak = HeapPeaks.peak();
        long params = zoo.parameterBytes();
        StringBuilder phases = new StringBuilder();
        for (Map.Entry<String, Double> e : r.phasesMs().entrySet()) {
            phases.append(String.format(" %s=%.1f", e.getKey(), e.getValue()));
        }
        System.out.printf("%-13s dynamic=%-5s total=%.1f ms |%s | aten_nodes=%d onnx_nodes=%d initializers=%d "
                        + "file=%.1f MB params=%.1f MB heap_before=%.1f MB heap_peak=%.1f MB peak/params=%.2f "
                        + "(peak-before)/params=%.2f%n",
                zoo.factory.name(), dynamic, ms, phases, r.atenNodes(), r.onnxNodes(), r.initializers(),
                r.fileBytes() / 1e6, params / 1e6, baseline / 1e6, peak / 1e6, (double) peak / params,
                (double) (peak - baseline) / params);
    }
}
