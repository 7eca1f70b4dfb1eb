package dev.onnxport.bench;

import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A ResNet-50 3x3 convolution layer (layer3): input 1x256x14x14, weight 256x256x3x3, padding 1,
 * stride 1, with bias. One "operation" is one flop (2*Cout*Cin*9*H*W per call) and the unit is
 * ops/ns, so the score reads directly as GFLOP/s.
 */
@State(Scope.Benchmark)
// the Vector API GEMM kernel, as the ./onnxport launcher runs models (Sgemm falls back to plain Java without it)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConvBenchmark {
    static final int C = 256, H = 14, W = 14;
    static final int FLOPS = 2 * C * C * 9 * H * W;

    private Tensor input, weight, bias;
    private OpDef conv2d;

    @Setup
    public void setup() {
        Random rnd = new Random(1);
        input = Tensor.of(random(rnd, C * H * W), 1, C, H, W);
        weight = Tensor.of(random(rnd, C * C * 9), C, C, 3, 3);
        bias = Tensor.of(random(rnd, C), C);
        conv2d = AtenOps.registry().get("aten::conv2d");
    }

    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public Tensor conv3x3() {
        return conv2d.call1(input, weight, bias, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, 1L);
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextFloat() - 0.5f;
        return v;
    }
}
