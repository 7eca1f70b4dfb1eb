package dev.onnxport.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both GEMM kernels (the Vector API one and the plain-Java one, in the same JVM) against a naive double-precision
 * reference, at odd sizes, register-tile and block edges and with strided operands.
 */
class SgemmTest {

    /** The build's tests run with --add-modules jdk.incubator.vector (root pom), so the fast kernel is the one selected. */
    @Test
    void theVectorKernelIsSelectedWhenItsModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertTrue(present, "tests should run with --add-modules jdk.incubator.vector (pom.xml, surefire argLine)");
        assertTrue(Sgemm.VECTOR != null && Sgemm.KERNEL == Sgemm.VECTOR && Sgemm.vectorized());
    }

    static List<GemmKernel> kernels() {
        List<GemmKernel> k = new ArrayList<>();
        k.add(Sgemm.SCALAR);
        if (Sgemm.VECTOR != null) k.add(Sgemm.VECTOR);
        return k;
    }

    static Stream<Arguments> shapes() {
        String[] rows = {
            "1,1,1,false,false,false",
            "17,33,65,false,false,false",
            "17,33,65,true,true,true",
            "130,257,71,false,false,false",
            "130,257,71,true,false,false",
            "130,257,71,false,true,true",
            "3,1030,517,false,false,false",   // two N blocks, three K blocks, split over N
            "600,20,300,true,true,false",     // split over M with transposed operands
            "5,7,3,false,false,true",         // k < 4: tail-only micro-kernel
            "2,16,4,false,false,false",       // one two-row tile, one k-quad
            "7,513,259,false,true,false",     // odd rows (two-row tiles + one row), N and K one past a block
            "64,3,1,true,false,true",         // k = 1, narrow N: split over M
            "1,700,9,false,true,false",       // one row, split over N
            "9,48,130,true,true,true",        // odd rows, k with a tail of 2
            // register tiles of the vector kernel: 8 rows x 32 columns (AVX-512), blocks of 128 rows, 256 deep, 1024 wide
            "8,32,256,false,false,false",
            "9,33,257,false,false,true",
            "7,31,255,true,false,false",
            "129,1025,513,false,false,true",
            "16,64,1,false,true,false",
            "1,1,300,false,true,false",       // one dot product of a transposed B
            "64,771,768,false,true,true",     // linear: rows of A times rows of a weight, edges of the 4x4 dot tile
            "67,50,70,false,true,false",      // linear, odd everything, k with a tail past whole vectors
            "300,41,20,false,true,false",     // too many rows for dot products: packed, transposed C
            "49,512,100,true,false,false",    // few columns: transposed product, scattered stores of C
            "3,1,40,false,false,true",        // a matrix-vector product
            // few columns: whole row tiles read a row-major A in place, a ragged last tile packed
            "13,40,300,false,false,true",
            "139,64,257,false,false,false",   // two row blocks of 128, the second with a ragged tile
            "512,49,600,false,false,false",   // a deep 1x1 convolution's shape, split over rows
            "21,12,33,false,true,false",      // under half a tile of columns: transposed
        };
        List<Arguments> args = new ArrayList<>();
        for (GemmKernel kernel : kernels()) {
            for (String r : rows) {
                String[] f = r.split(",");
                args.add(Arguments.of(kernel.getClass().getSimpleName(), kernel, Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]), Boolean.parseBoolean(f[3]), Boolean.parseBoolean(f[4]), Boolean.parseBoolean(f[5])));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {2}x{3}x{4} transA={5} transB={6} accumulate={7}")
    @MethodSource("shapes")
    void matchesNaiveReference(String name, GemmKernel kernel, int m, int n, int k, boolean transA, boolean transB, boolean accumulate) {
        Random rnd = new Random(m * 31L + n * 7L + k);
        // operands live inside bigger arrays, with padding between rows, to exercise offsets and strides
        int padA = 3, padB = 5, padC = 2, aOff = 7, bOff = 11, cOff = 13;
        int ldA = (transA ? m : k) + padA, ldB = (transB ? k : n) + padB, ldc = n + padC;
        float[] a = random(rnd, aOff + ldA * (transA ? k : m));
        float[] b = random(rnd, bOff + ldB * (transB ? n : k));
        float[] c = random(rnd, cOff + ldc * m);
        float[] c0 = c.clone();
        int rsA = transA ? 1 : ldA, csA = transA ? ldA : 1, rsB = transB ? 1 : ldB, csB = transB ? ldB : 1;

        Sgemm.gemm(kernel, m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c0[cOff + i * ldc + j] : 0;
                double mag = Math.abs(s);
                for (int p = 0; p < k; p++) {
                    double t = (double) a[aOff + i * rsA + p * csA] * b[bOff + p * rsB + j * csB];
                    s += t;
                    mag += Math.abs(t);
                }
                float got = c[cOff + i * ldc + j];
                assertTrue(Math.abs(got - s) <= 1e-6 * mag + 1e-6,
                        "C[" + i + "," + j + "] = " + got + ", expected " + s);
            }
            // the padding between rows of C is left alone
            for (int j = n; j < ldc && cOff + i * ldc + j < c.length; j++) {
                assertEquals(c0[cOff + i * ldc + j], c[cOff + i * ldc + j], "padding of C was written");
            }
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextFloat() * 2 - 1;
        return x;
    }
}
