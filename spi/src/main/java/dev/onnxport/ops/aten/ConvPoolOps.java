package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/** Aten ops: convolutions, transposed convolutions and pooling. */
final class ConvPoolOps {
    private ConvPoolOps() {}

    public static void register(OpRegistry r) {
        registerConv(r, "aten::conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], int[1] padding=[0], "
                + "int[1] dilation=[1], int groups=1) -> Tensor", "aten::conv1d", 1);
        registerConv(r, "aten::conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, "
                + "int[2] dilation=1, int groups=1) -> Tensor", "aten::conv2d", 2);
        registerConv(r, "aten::conv3d(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, int[3] padding=0, "
                + "int[3] dilation=1, int groups=1) -> Tensor", "aten::conv3d", 3);
        registerConvTranspose(r, "aten::conv_transpose1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], "
                + "int[1] padding=[0], int[1] output_padding=[0], int groups=1, int[1] dilation=[1]) -> Tensor", "aten::conv_transpose1d", 1);
        registerConvTranspose(r, "aten::conv_transpose2d.input(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, "
                + "int[2] padding=0, int[2] output_padding=0, int groups=1, int[2] dilation=1) -> Tensor", "aten::conv_transpose2d", 2);

        registerConvTranspose(r, "aten::conv_transpose3d.input(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, "
                + "int[3] padding=0, int[3] output_padding=0, int groups=1, int[3] dilation=1) -> Tensor", "aten::conv_transpose3d", 3);
        r.register("aten::convolution(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, "
                + "bool transposed, int[] output_padding, int groups) -> Tensor",
                Kernel.single(a -> {
                    int sd = a.tensor(1).dim() - 2;
                    if (a.bool(6)) return ConvKernels.convTranspose("aten::convolution", a.tensor(0), a.tensor(1), a.tensor(2), a.ints(3),
                            a.ints(4), a.ints(7), a.integer(8), a.ints(5), sd);
                    return ConvKernels.conv("aten::convolution", a.tensor(0), a.tensor(1), a.tensor(2), a.ints(3), a.ints(4), a.ints(5), a.integer(8), sd);
                }),
                ShapeRule.single(a -> ConvKernels.convMeta("aten::convolution", a.tensor(0), a.tensor(1), a.tensor(2), a.ints(3), a.ints(4),
                        a.ints(5), a.integer(8), a.bool(6) ? a.ints(7) : null, a.bool(6), a.tensor(1).dim() - 2)));
        AtenOps.composite(r, "aten::conv_tbc(Tensor self, Tensor weight, Tensor bias, int pad=0) -> Tensor", a -> {
            Tensor x = AtenOps.call("aten::permute", a.tensor(0), new long[] {1, 2, 0});
            Tensor w = AtenOps.call("aten::permute", a.tensor(1), new long[] {2, 1, 0});
            Tensor y = AtenOps.call("aten::conv1d", x, w, a.tensor(2), new long[] {1}, new long[] {a.integer(3)}, new long[] {1}, 1L);
            return AtenOps.call("aten::contiguous", AtenOps.call("aten::permute", y, new long[] {2, 0, 1}));
        });
        r.register("aten::max_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, "
                        + "bool ceil_mode=False) -> Tensor",
                Kernel.single(a -> PoolKernels.maxPool("aten::max_pool2d", a.tensor(0), a.ints(1), stride(a, 2, 1), a.ints(3),
                        a.ints(4), a.bool(5))),
                ShapeRule.single(a -> meta(a.tensor(0), PoolKernels.shape("aten::max_pool2d", a.tensor(0), a.ints(1),
                        stride(a, 2, 1), a.ints(3), a.ints(4), a.bool(5)))));
        r.register("aten::max_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], int[1] dilation=[1], "
                        + "bool ceil_mode=False) -> Tensor",
                Kernel.single(ConvPoolOps::maxPool1d),
                ShapeRule.single(a -> meta(a.tensor(0), dropHeight(PoolKernels.shape("aten::max_pool1d", height1(a.tensor(0)),
                        pair(a.ints(1), 1), pair(stride(a, 2, 1), 1), pair(a.ints(3), 0), pair(a.ints(4), 1), a.bool(5))))));
        r.register("aten::avg_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, bool ceil_mode=False, "
                        + "bool count_include_pad=True, int? divisor_override=None) -> Tensor",
                Kernel.single(a -> PoolKernels.avgPool("aten::avg_pool2d", a.tensor(0), a.ints(1), stride(a, 2, 1), a.ints(3),
                        a.bool(4), a.bool(5), a.optInteger(6))),
                ShapeRule.single(a -> meta(a.tensor(0), PoolKernels.shape("aten::avg_pool2d", a.tensor(0), a.ints(1),
                        stride(a, 2, 1), a.ints(3), new long[] {1, 1}, a.bool(4)))));
        r.register("aten::adaptive_avg_pool2d(Tensor self, SymInt[2] output_size) -> Tensor",
                a -> PoolKernels.adaptive("aten::adaptive_avg_pool2d", a.tensor(0), a.ints(1), false),
                ShapeRule.single(a -> meta(a.tensor(0), PoolKernels.adaptiveShape("aten::adaptive_avg_pool2d", a.tensor(0), a.ints(1)))));
        r.register("aten::adaptive_max_pool2d(Tensor self, int[2] output_size) -> (Tensor, Tensor)",
                a -> PoolKernels.adaptive("aten::adaptive_max_pool2d", a.tensor(0), a.ints(1), true),
                a -> {
                    long[] s = PoolKernels.adaptiveShape("aten::adaptive_max_pool2d", a.tensor(0), a.ints(1));
                    return new Tensor[] {meta(a.tensor(0), s), Tensor.meta(DType.INT64, s)};
                });
        r.register("aten::im2col(Tensor self, int[2] kernel_size, int[2] dilation, int[2] padding, int[2] stride) -> Tensor",
                Kernel.single(a -> ConvKernels.im2col(a.tensor(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4))),
                ShapeRule.single(a -> meta(a.tensor(0), ConvKernels.im2colShape(a.tensor(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4)))));
    }

    private static void registerConv(OpRegistry r, String schema, String op, int sd) {
        r.register(schema,
                Kernel.single(a -> ConvKernels.conv(op, a.tensor(0), a.tensor(1), a.tensor(2), a.ints(3), a.ints(4), a.ints(5), a.integer(6), sd)),
                ShapeRule.single(a -> ConvKernels.convMeta(op, a.tensor(0), a.tensor(1), a.tensor(2), a.ints(3), a.ints(4),
                        a.ints(5), a.integer(6), null, false, sd)));
    }

    private static void registerConvTranspose(OpRegistry r, String schema, String op, int sd) {
        r.register(schema,
                Kernel.single(a -> ConvKernels.convTranspose(op, a.tensor(0), a.tensor(1), a.tensor(2), a.ints(3), a.ints(4),
                        a.ints(5), a.integer(6), a.ints(7), sd)),
                ShapeRule.single(a -> ConvKernels.convMeta(op, a.tensor(0), a.tensor(1), a.tensor(2), a.ints(3), a.ints(4),
                        a.ints(7), a.integer(6), a.ints(5), true, sd)));
    }

    private static Tensor meta(Tensor like, long[] shape) { return Tensor.meta(like.dtype(), shape); }

    /** The stride argument at {@code k}; PyTorch's empty default means "same as kernel_size" (argument {@code kernelArg}). */
    private static long[] stride(Args a, int k, int kernelArg) {
        long[] s = a.ints(k);
        return s == null || s.length == 0 ? a.ints(kernelArg) : s;
    }

    private static Tensor maxPool1d(Args a) {
        Tensor x = a.tensor(0);
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("aten::max_pool1d: expected 2-D or 3-D input, got shape " + Arrays.toString(x.shape()));
        }
        Tensor y = PoolKernels.maxPool("aten::max_pool1d", height1(x), pair(a.ints(1), 1), pair(stride(a, 2, 1), 1), pair(a.ints(3), 0),
                pair(a.ints(4), 1), a.bool(5));
        return Tensor.wrap(y.storage(), dropHeight(y.shape()));
    }

    /** A view of {@code [..., L]} as {@code [..., 1, L]}: 1-d pooling is 2-d pooling with height 1. */
    private static Tensor height1(Tensor x) {
        long[] s = x.shape(), st = x.strides();
        int n = s.length;
        long[] ns = new long[n + 1], nst = new long[n + 1];
        System.arraycopy(s, 0, ns, 0, n - 1);
        System.arraycopy(st, 0, nst, 0, n - 1);
        ns[n - 1] = 1;
        nst[n - 1] = s[n - 1] * st[n - 1];
        ns[n] = s[n - 1];
        nst[n] = st[n - 1];
        return x.isMeta() ? Tensor.meta(x.dtype(), ns) : x.asStrided(ns, nst, x.offset());
    }

    private static long[] dropHeight(long[] s) {
        long[] r = new long[s.length - 1];
        System.arraycopy(s, 0, r, 0, s.length - 2);
        r[r.length - 1] = s[s.length - 1];
        return r;
    }

    /** A 1-d window parameter as (height, width) for a height-1 window. */
    private static long[] pair(long[] v, long height) {
        return new long[] {height, v[0]};
    }
}
