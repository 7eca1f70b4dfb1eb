package dev.onnxport.kernels;

/**
 * Single-precision matrix product {@code C = A * B} (or {@code C += A * B}) over plain {@code float[]} with
 * arbitrary element strides for A and B, so transposed and strided views need no copy; B may also be produced block
 * by block by a {@link Packer} (convolution windows gathered straight from the input).
 *
 * <p>Two kernels compute the blocks, chosen once when this class initializes: {@link VectorGemm}, a register-tiled
 * kernel on the incubator Vector API, when the module {@code jdk.incubator.vector} is in the boot layer (the JVM was
 * started with {@code --add-modules jdk.incubator.vector}; the {@code ./onnxport} launcher does that for the commands
 * that run models), and otherwise {@link ScalarGemm}, plain Java that C2 auto-vectorizes, about a third as fast on
 * AVX-512 hardware (bench/README.md). Both give the same results up to float rounding.
 *
 * <p>Large problems are split over N (or over M when N is narrow) into tasks on {@link Parallel}'s workers, with the
 * calling thread taking part: one per core, or up to four per core for wide N.
 */
public final class Sgemm {
    /** Below this many multiply-adds one thread is faster than splitting. */
    public static final long PARALLEL_MIN_WORK = 1L << 18;

    /** The plain-Java kernel, always available. */
    static final GemmKernel SCALAR = ScalarGemm.INSTANCE;
    /** The Vector API kernel, or null when {@code jdk.incubator.vector} is not in the boot layer. */
    static final GemmKernel VECTOR = vectorKernel();
    /** The kernel the public entry points use. */
    static final GemmKernel KERNEL = VECTOR != null ? VECTOR : SCALAR;

    private Sgemm() {}

    /** VectorGemm is linked only here, and only when its module was resolved: otherwise its classes would not load. */
    private static GemmKernel vectorKernel() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        return VectorGemm.create();
    }

    /** Whether the kernel in use is the Vector API one. */
    public static boolean vectorized() {
        return KERNEL == VECTOR;
    }

    /**
     * Fills a packed block of B: element {@code B[kb + p][jb + j]}, {@code p < kc, j < nc}, goes to
     * {@code dst[(j / nr) * kc * nr + p * nr + j % nr]} (micro-panels of {@code nr} columns, each k-major), and the
     * columns of the last micro-panel past {@code nc} are set to zero. How the kernels read a B that is not a strided
     * array, e.g. convolution windows gathered straight from the input ("implicit im2col"). {@code nr} is the
     * kernel's choice (the whole block width for {@link ScalarGemm}).
     */
    @FunctionalInterface
    public interface Packer {
        void pack(int kb, int kc, int jb, int nc, float[] dst, int nr);
    }

    /** Whether a product of m rows and n columns runs faster transposed (then prefer giving B as an array). */
    public static boolean prefersTransposed(int m, int n) {
        return KERNEL.prefersTransposed(m, n);
    }

    /**
     * {@code C[cOff + i*ldc + j] (+)= sum_p A[aOff + i*rsA + p*csA] * B[bOff + p*rsB + j*csB]}
     * for {@code i < m, j < n, p < k}.
     *
     * @param accumulate add to C instead of overwriting it
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int rsA, int csA,
                            float[] b, int bOff, int rsB, int csB,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(KERNEL, m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
    }

    /** {@link #gemm(int, int, int, float[], int, int, int, float[], int, int, int, float[], int, int, boolean)} on a given kernel. */
    static void gemm(GemmKernel kernel, int m, int n, int k,
                     float[] a, int aOff, int rsA, int csA,
                     float[] b, int bOff, int rsB, int csB,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            zero(m, n, c, cOff, ldc, accumulate);
            return;
        }
        if (csA == 1 && rsB == 1 && kernel.prefersRowDots(m, n, k)) {
            // rows of A times rows of B^T (a linear weight), read in place
            rowDots(kernel, m, n, k, a, aOff, rsA, b, bOff, csB, c, cOff, ldc, accumulate);
        } else if (kernel.prefersTransposed(m, n)) {
            // run C^T = B^T A^T, whose rows are C's columns, and store C^T transposed
            run(kernel, n, m, k, b, bOff, csB, rsB, strided(a, aOff, csA, rsA), c, cOff, 1, ldc, accumulate);
        } else {
            run(kernel, m, n, k, a, aOff, rsA, csA, strided(b, bOff, rsB, csB), c, cOff, ldc, 1, accumulate);
        }
    }

    /**
     * {@code C[cOff + i*ldc + j] (+)= sum_p A[aOff + i*rsA + p*csA] * B[p][j]} with B given by a {@link Packer}
     * (always computed untransposed: prefer the array form when {@link #prefersTransposed} says so).
     */
    public static void gemm(int m, int n, int k, float[] a, int aOff, int rsA, int csA, Packer b,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(KERNEL, m, n, k, a, aOff, rsA, csA, b, c, cOff, ldc, accumulate);
    }

    static void gemm(GemmKernel kernel, int m, int n, int k, float[] a, int aOff, int rsA, int csA, Packer b,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            zero(m, n, c, cOff, ldc, accumulate);
            return;
        }
        run(kernel, m, n, k, a, aOff, rsA, csA, b, c, cOff, ldc, 1, accumulate);
    }

    private static void zero(int m, int n, float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
    }

    private static Packer strided(float[] b, int bOff, int rsB, int csB) {
        return (kb, kc, jb, nc, dst, nr) -> Panels.pack(b, bOff + kb * rsB + jb * csB, rsB, csB, kc, nc, dst, nr);
    }

    /** {@code C[cOff + i*rsC + j*csC] (+)= (A B)[i, j]}, split over cores. */
    private static void run(GemmKernel kernel, int m, int n, int k, float[] a, int aOff, int rsA, int csA, Packer b,
                            float[] c, int cOff, int rsC, int csC, boolean accumulate) {
        int parts = parts((long) m * n * k);
        if (parts <= 1) {
            kernel.block(0, m, 0, n, k, a, aOff, rsA, csA, b, c, cOff, rsC, csC, accumulate);
            return;
        }
        int mr = kernel.rowAlign(), nr = kernel.colAlign();
        // split columns when each part still gets whole tiles and whole row tiles stay shared
        boolean splitN = n >= 4 * nr * parts || m < mr * parts;
        int len = splitN ? n : m;
        int align = splitN ? nr : mr;
        int even = ceilTo((len + parts - 1) / parts, align);
        // column chunks cost no extra packing of B: cut wide products into up to 4 chunks per thread, none narrower
        // than 512 columns, so a thread that starts late (a shared machine) leaves its share to the others
        int step = splitN ? Math.min(even, Math.max(512, ceilTo((len + 4 * parts - 1) / (4 * parts), align))) : even;
        int chunks = (len + step - 1) / step;
        Parallel.run(chunks, t -> {
            int s = t * step, e = Math.min(len, s + step);
            if (splitN) kernel.block(0, m, s, e, k, a, aOff, rsA, csA, b, c, cOff, rsC, csC, accumulate);
            else kernel.block(s, e, 0, n, k, a, aOff, rsA, csA, b, c, cOff, rsC, csC, accumulate);
        });
    }

    /** {@link GemmKernel#rowDots} split over columns: no packing, so chunks cost nothing extra. */
    private static void rowDots(GemmKernel kernel, int m, int n, int k, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int parts = parts((long) m * n * k);
        if (parts <= 1 || n < 8 * parts) {
            kernel.rowDots(m, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        int step = Math.max(64, ceilTo((n + 4 * parts - 1) / (4 * parts), 4));
        int chunks = (n + step - 1) / step;
        Parallel.run(chunks, t -> kernel.rowDots(m, t * step, Math.min(n, (t + 1) * step), k,
                a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate));
    }

    private static int ceilTo(int v, int align) { return (v + align - 1) / align * align; }

    /** How many tasks a product of {@code work} multiply-adds is worth: one per core, or one. */
    static int parts(long work) {
        return work < PARALLEL_MIN_WORK ? 1 : Parallel.THREADS;
    }
}
