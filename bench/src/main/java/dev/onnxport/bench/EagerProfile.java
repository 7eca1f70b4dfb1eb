package dev.onnxport.bench;

import dev.onnxport.ops.DispatchHook;
import dev.onnxport.ops.Dispatcher;
import dev.onnxport.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Not JMH: where the eager forward of a zoo model spends its time, per outermost aten op (wall time and the calling thread's CPU time, summed over
 * {@code runs} forwards after {@code warmups}), with the whole forward's mean. Wraps the installed dispatch hook (a
 * private field, set by reflection: a development aid). Usage: {@code EagerProfile MODEL [warmups] [runs] [shapes]}
 * ({@code shapes}: one line per op and argument shapes).
 */
public final class EagerProfile {
    private EagerProfile() {}

    private static final Map<String, long[]> TIMES = new HashMap<>();
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    private static int depth;
    private static boolean recording;

    public static void main(String[] args) throws ReflectiveOperationException {
        String name = args.length > 0 ? args[0] : "resnet50";
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean byShape = args.length > 3 && args[3].equals("shapes");
        ZooExport zoo = new ZooExport(name);
        // the tracer installs its hook when modules first run; wrap whichever hook is installed
        Class.forName("dev.onnxport.trace.Tracer", true, EagerProfile.class.getClassLoader());
        Field f = Dispatcher.class.getDeclaredField("hook");
        f.setAccessible(true);
        DispatchHook inner = (DispatchHook) f.get(null);
        f.set(null, (DispatchHook) (op, a) -> {
            if (depth > 0 || !recording) return inner.dispatch(op, a);
            depth++;
            long t0 = System.nanoTime(), c0 = THREAD.getCurrentThreadCpuTime();
            try {
                return inner.dispatch(op, a);
            } finally {
                long dt = System.nanoTime() - t0, dc = THREAD.getCurrentThreadCpuTime() - c0;
                depth--;
                String key = op.qualifiedName();
                if (byShape) {
                    StringBuilder b = new StringBuilder(key);
                    for (int i = 0; i < a.size(); i++) {
                        if (a.raw(i) instanceof Tensor t) b.append(' ').append(Arrays.toString(t.shape()));
                        else if (a.raw(i) instanceof long[] l) b.append(' ').append(Arrays.toString(l));
                    }
                    key = b.toString();
                }
                long[] e = TIMES.computeIfAbsent(key, k -> new long[3]);
                e[0] += dt;
                e[1]++;
                e[2] += dc;
            }
        });
        for (int i = 0; i < warmups; i++) zoo.model.invoke(zoo.inputs);
        recording = true;
        long[] each = new long[runs];
        long t0 = System.nanoTime(), c0 = THREAD.getCurrentThreadCpuTime();
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            zoo.model.invoke(zoo.inputs);
            each[i] = System.nanoTime() - s;
        }
        double total = (System.nanoTime() - t0) / 1e6 / runs, cpu = (THREAD.getCurrentThreadCpuTime() - c0) / 1e6 / runs;
        Arrays.sort(each);
        System.out.printf("%s: %.1f ms per forward (min %.1f, median %.1f; calling thread's CPU %.1f ms), %d runs after %d warmups%n",
                name, total, each[0] / 1e6, each[runs / 2] / 1e6, cpu, runs, warmups);
        TIMES.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0])).forEach(e ->
                System.out.printf("  %-90s %8.2f ms %5.1f%% %8.2f ms CPU %6d calls%n", e.getKey(), e.getValue()[0] / 1e6 / runs,
                        100.0 * e.getValue()[0] / 1e6 / runs / total, e.getValue()[2] / 1e6 / runs, e.getValue()[1] / runs));
    }
}
