package dev.onnxport.bench;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import java.nio.file.Path;
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
 * End-to-end export of a zoo model to a file at opset 17 (trace, passes, lowering, ONNX passes, assembly,
 * serialization with fsync), the model built once per trial. One shot is one whole export, so the score is
 * seconds per export. {@code shapeOnly} traces with meta inputs (no arithmetic on values derived from inputs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx6g"})
public class ExportBenchmark {
    @Param({"resnet50", "mobilenet_v2", "gpt2", "bert-base"})
    public String model;

    @Param({"false", "true"})
    public boolean dynamic;

    @Param({"true"})
    public boolean shapeOnly;

    private ZooExport zoo;
    private ExportOptions options;
    private Path dir, file;

    @Setup(Level.Trial)
    public void setup() {
        zoo = new ZooExport(model);
        options = zoo.options(dynamic, shapeOnly).build();
        dir = ZooExport.tempDir();
        file = dir.resolve(model + ".onnx");
    }

    @TearDown(Level.Trial)
    public void tearDown() { ZooExport.delete(dir); }

    @Benchmark
    public Path export() {
        OnnxExport.export(zoo.model, zoo.inputs, file, options);
        return file;
    }
}
