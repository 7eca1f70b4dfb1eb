package dev.onnxport.bench;

import dev.onnxport.kernels.Sgemm;
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
 * 512 x 512 x 512 float32 matrix product. One "operation" is one floating-point operation
 * (2*M*N*K per product, via {@code @OperationsPerInvocation}) and the unit is ops/ns, so the
 * score reads directly as GFLOP/s.
 */
@State(Scope.Benchmark)
// the Vector API GEMM kernel, as the ./onnxport launcher runs models (Sgemm falls back to plain Java without it)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatmulBenchmark {
    static final int N = 512;
    static final int FLOPS = 2 * N * N * N;

    private Tensor a, b;
    private float[] x, y, z;
    private OpDef matmul;

    /** GPT-2's MLP up-projection at 64 tokens: x [64 x 768] times W^T, W [3072 x 768] row-major. */
    static final int T = 64, IN = 768, OUT = 3072;
    static final int LINEAR_FLOPS = 2 * T * IN * OUT;
    private final float[] lx = new float[T * IN], lw = new float[OUT * IN], lz = new float[T * OUT];

    @Setup
    public void setup() {
        Random rnd = new Random(1);
        x = new float[N * N];
        y = new float[N * N];
        z = new float[N * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
            y[i] = rnd.nextFloat() - 0.5f;
        }
        a = Tensor.of(x, N, N);
        b = Tensor.of(y, N, N);
        matmul = AtenOps.registry().get("aten::matmul");
        for (int i = 0; i < lx.length; i++) lx[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < lw.length; i++) lw[i] = rnd.nextFloat() - 0.5f;
    }

    /** The operator as models call it: registry dispatch, output allocation and the SGEMM. */
    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public Tensor matmulOp() {
        return matmul.call1(a, b);
    }

    /** The SGEMM kernel alone, writing into a preallocated output. */
    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public float[] sgemmKernel() {
        Sgemm.gemm(N, N, N, x, 0, N, 1, y, 0, N, 1, z, 0, N, false);
        return z;
    }

    /** The SGEMM of a linear layer: B is the transposed weight, read along its rows. */
    @Benchmark
    @OperationsPerInvocation(LINEAR_FLOPS)
    public float[] linear64() {
        Sgemm.gemm(T, OUT, IN, lx, 0, IN, 1, lw, 0, 1, IN, lz, 0, OUT, false);
        return lz;
    }
}
