package dev.onnxport.bench;

import dev.onnxport.ops.Dispatcher;
import java.util.HashMap;
import java.util.Map;

/**
 * Not JMH: where the eager forward of a zoo model spends its time, per outermost aten op (wall time, summed over
 * {@code runs} forwards after {@code warmups}), with the whole forward's mean. Installs its own dispatch hook, so
 * it never exports (the tracer would want the hook). Usage: {@code EagerProfile MODEL [warmups] [runs]}.
 */
public final class EagerProfile {
    private EagerProfile() {}

    private static final Map<String, long[]> TIMES = new HashMap<>();
    private static int depth;
    private static boolean recording;

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "resnet50";
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ZooExport zoo = new ZooExport(name);
        Dispatcher.installHook((op, a) -> {
            if (depth > 0 || !recording) return Dispatcher.compute(op, a);
            depth++;
            long t0 = System.nanoTime();
            try {
                return Dispatcher.compute(op, a);
            } finally {
                long dt = System.nanoTime() - t0;
                depth--;
                long[] e = TIMES.computeIfAbsent(op.qualifiedName(), k -> new long[2]);
                e[0] += dt;
                e[1]++;
            }
        });
        for (int i = 0; i < warmups; i++) zoo.model.invoke(zoo.inputs);
        recording = true;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) zoo.model.invoke(zoo.inputs);
        double total = (System.nanoTime() - t0) / 1e6 / runs;
        System.out.printf("%s: %.1f ms per forward (%d runs after %d warmups)%n", name, total, runs, warmups);
        TIMES.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0])).forEach(e ->
                System.out.printf("  %-40s %8.2f ms %5.1f%% %6d calls%n", e.getKey(), e.getValue()[0] / 1e6 / runs,
                        100.0 * e.getValue()[0] / 1e6 / runs / total, e.getValue()[1] / runs));
    }
}
