package dev.onnxport.bench;

import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.writer.AssembledModel;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * Writing a model of {@code megabytes} of float32 initializers (64 tensors, embedded, fsynced) with
 * {@link OnnxWriter}, next to a plain FileChannel write (and fsync) of the same number of bytes from one
 * direct buffer: the physical limit. One shot is one file; GB/s = megabytes / 1000 / seconds per shot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
public class SerializationBenchmark {
    static final int TENSORS = 64;

    @Param({"512"})
    public int megabytes;

    private AssembledModel model;
    private ByteBuffer raw;
    private Path dir;

    @Setup(Level.Trial)
    public void setup() {
        long floats = (long) megabytes * 1_000_000 / 4 / TENSORS;
        SplittableRandom rnd = new SplittableRandom(1);
        List<AssembledModel.Initializer> inits = new ArrayList<>();
        for (int i = 0; i < TENSORS; i++) {
            float[] data = new float[Math.toIntExact(floats)];
            for (int j = 0; j < data.length; j++) data[j] = (float) rnd.nextDouble();
            inits.add(new AssembledModel.Initializer("w" + i, Tensor.of(data, floats)));
        }
        ModelProto skeleton = ModelProto.newBuilder().setIrVersion(8)
                .setGraph(GraphProto.newBuilder().setName("weights")).build();
        model = new AssembledModel(skeleton, inits);
        raw = ByteBuffer.allocateDirect(Math.toIntExact(model.dataBytes())).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer fb = raw.asFloatBuffer();
        for (AssembledModel.Initializer in : inits) fb.put(in.data().floats());
        dir = ZooExport.tempDir();
    }

    @TearDown(Level.Trial)
    public void tearDown() { ZooExport.delete(dir); }

    @Benchmark
    public Path onnxWriter() {
        Path f = dir.resolve("weights.onnx");
        OnnxWriter.write(model, WriterOptions.of(17).withExternalData(false), f);
        return f;
    }

    @Benchmark
    public Path fileChannel() throws IOException {
        Path f = dir.resolve("raw.bin");
        ByteBuffer b = raw.duplicate();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        return f;
    }
}
