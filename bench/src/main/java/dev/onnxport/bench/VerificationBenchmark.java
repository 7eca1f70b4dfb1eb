package dev.onnxport.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same zoo model and example inputs run eagerly (onnxport kernels) and in ONNX Runtime from the file onnxport
 * exported (opset 17, ORT_ENABLE_ALL, 2 intra-op threads, one session per trial). With
 * {@code -p reference=FILE}, {@code ortReference} runs that file (e.g. torch's export of the same architecture) on
 * the same tensors, bound to its inputs by position; without it, select {@code 'VerificationBenchmark.(eager|ortExport)'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// ONNX Runtime loads its native library from the class path's unnamed module: JDK 24+ warns unless native access is
// enabled for it; JDK 17 to 21 accept the flag and need nothing more.
// jdk.incubator.vector: the Vector API GEMM kernel, as the ./onnxport launcher runs --verify
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class VerificationBenchmark {
    @Param({"resnet50"})
    public String model;

    @Param({""})
    public String reference;

    private ZooExport zoo;
    private Path dir;
    private OrtEnvironment env;
    private OrtSession exported, referenceSession;
    private final List<OnnxTensor> tensors = new ArrayList<>();
    private Map<String, OnnxTensor> exportedInputs, referenceInputs;

    @Setup(Level.Trial)
    public void setup() throws OrtException {
        zoo = new ZooExport(model);
        dir = ZooExport.tempDir();
        Path file = dir.resolve(model + ".onnx");
        OnnxExport.export(zoo.model, zoo.inputs, file, zoo.options(false, true).build());
        env = OrtEnvironment.getEnvironment();
        for (Tensor t : zoo.inputs) tensors.add(toOrt(t));
        exported = session(file);
        exportedInputs = bind(exported);
        if (!reference.isEmpty()) {
            referenceSession = session(Path.of(reference));
            referenceInputs = bind(referenceSession);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        for (OnnxTensor t : tensors) t.close();
        exported.close();
        if (referenceSession != null) referenceSession.close();
        ZooExport.delete(dir);
    }

    @Benchmark
    public Object eager() { return zoo.model.invoke(zoo.inputs); }

    @Benchmark
    public float ortExport() throws OrtException { return run(exported, exportedInputs); }

    @Benchmark
    public float ortReference() throws OrtException {
        if (referenceSession == null) {
            throw new IllegalStateException("ortReference needs -p reference=FILE (an ONNX file with the same inputs)");
        }
        return run(referenceSession, referenceInputs);
    }

    private static float run(OrtSession s, Map<String, OnnxTensor> in) throws OrtException {
        try (OrtSession.Result r = s.run(in)) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
    }

    private OrtSession session(Path file) throws OrtException { return OrtRounds.session(env, file, 2); }

    /** The example tensors by the session's input names, in order. */
    private Map<String, OnnxTensor> bind(OrtSession s) {
        List<String> names = new ArrayList<>(s.getInputNames());
        if (names.size() != tensors.size()) {
            throw new IllegalArgumentException("the model has " + names.size() + " inputs " + names + " but " + model
                    + " has " + tensors.size() + " example inputs");
        }
        Map<String, OnnxTensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) m.put(names.get(i), tensors.get(i));
        return m;
    }

    private OnnxTensor toOrt(Tensor t) throws OrtException {
        if (t.dtype() == DType.FLOAT32) return OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape());
        if (t.dtype() == DType.INT64) return OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongArray()), t.shape());
        throw new IllegalArgumentException("input dtype " + t.dtype() + " is not benchmarked; give float32 or int64 inputs");
    }
}
