package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * View arithmetic: new shape, strides and offset over the same storage, as PyTorch computes them.
 * Works the same on meta tensors (which keep their strides), so one function serves as both kernel
 * and shape rule of a view op. Every {@code op} parameter is the operator name used in error messages.
 */
final class ShapeViews {
    private ShapeViews() {}

    /** Registers a one-result view op whose kernel and shape rule are the same view function. */
    static void registerView(OpRegistry r, String schema, BiFunction<Tensor, Args, Tensor> view) {
        r.register(schema, Kernel.single(a -> view.apply(a.tensor(0), a)),
                ShapeRule.single(a -> view.apply(metaOf(a.tensor(0)), a)));
    }

    /** Registers a view op with a list result (split, chunk, unbind). */
    static void registerViews(OpRegistry r, String schema, BiFunction<Tensor, Args, Tensor[]> views) {
        r.register(schema, a -> views.apply(a.tensor(0), a), a -> views.apply(metaOf(a.tensor(0)), a));
    }

    /** A meta tensor with {@code t}'s shape, strides and offset, so that view rules see the real layout. */
    public static Tensor metaOf(Tensor t) {
        if (t.isMeta()) return t;
        return Tensor.meta(t.dtype()).asStrided(t.shape(), t.strides(), t.offset());
    }

    /** A new tensor object aliasing {@code t} (what PyTorch's alias-returning ops give). */
    public static Tensor alias(Tensor t) {
        return t.asStrided(t.shape(), t.strides(), t.offset());
    }

    // ---- view / reshape ------------------------------------------------------------------------

    /** Resolves one {@code -1} in {@code size} so that it holds {@code numel} elements. */
    public static long[] inferSize(String op, long[] size, long numel) {
        long[] out = size.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be inferred in " + Arrays.toString(size));
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + out[i] + " in " + Arrays.toString(size));
            } else {
                known *= out[i];
            }
        }
        boolean fits = known == numel || infer >= 0 && known > 0 && numel % known == 0;
        if (infer >= 0 && known == 0 && numel == 0) {
            throw new IllegalArgumentException(op + ": cannot reshape tensor of 0 elements into shape " + Arrays.toString(size)
                    + " because the unspecified dimension size -1 can be any value and is ambiguous");
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": shape '" + Arrays.toString(size) + "' is invalid for input of size " + numel);
        }
        if (infer >= 0) out[infer] = numel / known;
        return out;
    }

    /**
     * Strides that show {@code t}'s elements in row-major order with {@code shape}, or null when no
     * strides can (a new dim would span two memory regions that are not evenly spaced). Old dims are
     * grouped, from the back, into runs that are contiguous with each other; each run must be covered
     * exactly by a run of new dims.
     */
    static long[] viewStrides(Tensor t, long[] shape) {
        long[] oldShape = t.shape(), oldStrides = t.strides();
        long[] st = new long[shape.length];
        if (oldShape.length == 0) {
            Arrays.fill(st, 1);
            return st;
        }
        if (t.numel() == 0) return Arrays.equals(oldShape, shape) ? oldStrides : Shapes.contiguousStrides(shape);
        int nd = shape.length - 1;
        long runBase = oldStrides[oldShape.length - 1];
        long runNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            runNumel *= oldShape[d];
            boolean runEnds = d == 0 || oldShape[d - 1] != 1 && oldStrides[d - 1] != runNumel * runBase;
            if (!runEnds) continue;
            long viewNumel = 1;
            while (nd >= 0 && (viewNumel < runNumel || shape[nd] == 1)) {
                st[nd] = viewNumel * runBase;
                viewNumel *= shape[nd];
                nd--;
            }
            if (viewNumel != runNumel) return null;
            if (d > 0) {
                runBase = oldStrides[d - 1];
                runNumel = 1;
            }
        }
        return nd == -1 ? st : null;
    }

    /** {@code t.view(size)}: fails when the layout does not allow a view. */
    public static Tensor view(String op, Tensor t, long[] size) {
        long[] shape = inferSize(op, size, t.numel());
        long[] st = viewStrides(t, shape);
        if (st == null) {
            throw new IllegalArgumentException(op + ": view size " + Arrays.toString(shape) + " is not compatible with input tensor's size "
                    + Arrays.toString(t.shape()) + " and stride " + Arrays.toString(t.strides())
                    + " (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        }
        return t.asStrided(shape, st, t.offset());
    }

    /** {@code t.reshape(size)}: a view when the layout allows, otherwise a contiguous copy. */
    public static Tensor reshape(String op, Tensor t, long[] size) {
        long[] shape = inferSize(op, size, t.numel());
        long[] st = viewStrides(t, shape);
        if (st != null) return t.asStrided(shape, st, t.offset());
        Tensor c = t.copy();
        return c.asStrided(shape, Shapes.contiguousStrides(shape), 0);
    }

    /** {@code t.flatten(start, end)}. */
    public static Tensor flatten(String op, Tensor t, long start, long end) {
        if (t.dim() == 0) return reshape(op, t, new long[] {1});
        int s = Shapes.normDim(start, t.dim()), e = Shapes.normDim(end, t.dim());
        if (s > e) throw new IllegalArgumentException(op + ": flatten() has invalid args: start_dim (" + start + ") cannot come after end_dim (" + end + ")");
        if (s == e) return alias(t);
        long[] shape = t.shape();
        long[] out = new long[shape.length - (e - s)];
        long n = 1;
        for (int d = s; d <= e; d++) n *= shape[d];
        for (int d = 0; d < out.length; d++) out[d] = d < s ? shape[d] : d == s ? n : shape[d + (e - s)];
        return reshape(op, t, out);
    }

    // ---- dimension shuffles ----------------------------------------------------------------------

    public static Tensor permute(String op, Tensor t, long[] dims) {
        int n = t.dim();
        if (dims.length != n) {
            throw new IllegalArgumentException(op + ": number of dims don't match in permute: tensor has " + n
                    + " dims but dims is " + Arrays.toString(dims));
        }
        long[] shape = t.shape(), strides = t.strides();
        long[] ns = new long[n], nst = new long[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int d = Shapes.normDim(dims[i], n);
            if (seen[d]) throw new IllegalArgumentException(op + ": repeated dim " + dims[i] + " in permute dims " + Arrays.toString(dims));
            seen[d] = true;
            ns[i] = shape[d];
            nst[i] = strides[d];
        }
        return t.asStrided(ns, nst, t.offset());
    }

    public static Tensor transpose(Tensor t, long dim0, long dim1) {
        int n = t.dim();
        int a = Shapes.normDim(dim0, n), b = Shapes.normDim(dim1, n);
        long[] shape = t.shape(), strides = t.strides();
        if (n > 0) {
            long s = shape[a]; shape[a] = shape[b]; shape[b] = s;
            long st = strides[a]; strides[a] = strides[b]; strides[b] = st;
        }
        return t.asStrided(shape, strides, t.offset());
    }

    /** {@code t.expand(size)}: size-1 and new leading dims get stride 0; {@code -1} keeps a size. */
    public static Tensor expand(String op, Tensor t, long[] size) {
        int n = size.length, k = t.dim();
        if (n < k) {
            throw new IllegalArgumentException(op + ": the number of sizes provided (" + n + ") must be greater or equal to the number "
                    + "of dimensions in the tensor (" + k + ")");
        }
        long[] shape = t.shape(), strides = t.strides();
        long[] ns = new long[n], nst = new long[n];
        for (int i = n - 1; i >= 0; i--) {
            int d = i - (n - k);
            long cur = d >= 0 ? shape[d] : 1;
            long st = d >= 0 ? strides[d] : i == n - 1 ? 1 : ns[i + 1] * nst[i + 1];
            long target = size[i];
            if (target == -1) {
                if (d < 0) {
                    throw new IllegalArgumentException(op + ": the expanded size of the tensor (-1) isn't allowed in a leading, "
                            + "non-existing dimension " + i);
                }
                target = cur;
            } else if (target < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + target + " in " + Arrays.toString(size));
            }
            if (cur != target) {
                if (cur != 1) {
                    throw new IllegalArgumentException(op + ": the expanded size of the tensor (" + target + ") must match the existing "
                            + "size (" + cur + ") at non-singleton dimension " + i + ".  Target sizes: " + Arrays.toString(size)
                            + ".  Tensor sizes: " + Arrays.toString(shape));
                }
                st = 0;
            }
            ns[i] = target;
            nst[i] = st;
        }
        return t.asStrided(ns, nst, t.offset());
    }

    /** Removes all size-1 dims. */
    public static Tensor squeeze(Tensor t) {
        long[] shape = t.shape(), strides = t.strides();
        int keep = 0;
        for (long s : shape) if (s != 1) keep++;
        long[] ns = new long[keep], nst = new long[keep];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            ns[j] = shape[d];
            nst[j++] = strides[d];
        }
        return t.asStrided(ns, nst, t.offset());
    }

    /** Removes dim {@code dim} when its size is 1, otherwise returns an alias. */
    public static Tensor squeeze(Tensor t, long dim) {
        int d = Shapes.normDim(dim, t.dim());
        if (t.dim() == 0 || t.size(d) != 1) return alias(t);
        return t.asStrided(remove(t.shape(), d), remove(t.strides(), d), t.offset());
    }

    public static Tensor unsqueeze(Tensor t, long dim) {
        int d = Shapes.normDim(dim, t.dim() + 1);
        long[] shape = t.shape(), strides = t.strides();
        long st = d >= shape.length ? 1 : shape[d] * strides[d];
        return t.asStrided(insert(shape, d, 1), insert(strides, d, st), t.offset());
    }

    // ---- sub-ranges ------------------------------------------------------------------------------

    /** {@code t[..., start:end:step, ...]} along {@code dim}; null start/end mean the whole range, Python-style clamping. */
    public static Tensor slice(String op, Tensor t, long dim, Long start, Long end, long step) {
        if (t.dim() == 0) throw new IllegalArgumentException(op + ": slice() cannot be applied to a 0-dim tensor.");
        if (step <= 0) throw new IllegalArgumentException(op + ": slice step must be positive, got " + step);
        int d = Shapes.normDim(dim, t.dim());
        long size = t.size(d);
        long s = start == null ? 0 : start, e = end == null ? size : end;
        if (s < 0) s += size;
        if (e < 0) e += size;
        s = Math.min(Math.max(s, 0), size);
        e = Math.min(Math.max(e, s), size);
        long[] shape = t.shape(), strides = t.strides();
        shape[d] = (e - s + step - 1) / step;
        long offset = t.offset() + s * strides[d];
        strides[d] *= step;
        return t.asStrided(shape, strides, offset);
    }

    /** {@code t.select(dim, index)}: drops dim {@code dim}. */
    public static Tensor select(String op, Tensor t, long dim, long index) {
        if (t.dim() == 0) throw new IllegalArgumentException(op + ": select() cannot be applied to a 0-dim tensor.");
        int d = Shapes.normDim(dim, t.dim());
        long size = t.size(d);
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException(op + ": select(): index " + index + " out of range for tensor of size "
                    + Arrays.toString(t.shape()) + " at dimension " + d);
        }
        long i = index < 0 ? index + size : index;
        return t.asStrided(remove(t.shape(), d), remove(t.strides(), d), t.offset() + i * t.stride(d));
    }

    public static Tensor narrow(String op, Tensor t, long dim, long start, long length) {
        if (t.dim() == 0) throw new IllegalArgumentException(op + ": narrow() cannot be applied to a 0-dim tensor.");
        int d = Shapes.normDim(dim, t.dim());
        long size = t.size(d);
        if (length < 0) throw new IllegalArgumentException(op + ": narrow(): length must be non-negative, got " + length);
        if (start != size) {
            if (start < -size || start >= size) {
                throw new IndexOutOfBoundsException(op + ": start " + start + " out of range for dimension " + d + " of size " + size);
            }
            if (start < 0) start += size;
        }
        if (start > size - length) {
            throw new IllegalArgumentException(op + ": start (" + start + ") + length (" + length + ") exceeds dimension size (" + size + ").");
        }
        long[] shape = t.shape();
        shape[d] = length;
        return t.asStrided(shape, t.strides(), t.offset() + start * t.stride(d));
    }

    /** Consecutive pieces of {@code sizes[i]} along {@code dim}; the sizes must add up to the dim's size. */
    public static Tensor[] splitWithSizes(String op, Tensor t, long[] sizes, long dim) {
        if (t.dim() == 0) throw new IllegalArgumentException(op + ": expects at least a 1-dimensional tensor");
        int d = Shapes.normDim(dim, t.dim());
        long total = 0;
        for (long s : sizes) {
            if (s < 0) throw new IllegalArgumentException(op + ": split sizes must be non-negative, got " + Arrays.toString(sizes));
            total += s;
        }
        if (total != t.size(d)) {
            throw new IllegalArgumentException(op + ": split_with_sizes expects split_sizes to sum exactly to " + t.size(d)
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
        }
        Tensor[] out = new Tensor[sizes.length];
        long start = 0;
        for (int i = 0; i < sizes.length; i++) {
            long[] shape = t.shape();
            shape[d] = sizes[i];
            out[i] = t.asStrided(shape, t.strides(), t.offset() + start * t.stride(d));
            start += sizes[i];
        }
        return out;
    }

    /** Pieces of {@code splitSize} along {@code dim}, the last one smaller when the size does not divide. */
    public static Tensor[] split(String op, Tensor t, long splitSize, long dim) {
        if (t.dim() == 0) throw new IllegalArgumentException(op + ": split expects at least a 1-dimensional tensor");
        long size = t.size(Shapes.normDim(dim, t.dim()));
        if (splitSize < 0) throw new IllegalArgumentException(op + ": split expects split_size be non-negative, but got split_size=" + splitSize);
        if (splitSize == 0 && size != 0) {
            throw new IllegalArgumentException(op + ": split_size can only be 0 if dimension size is 0, but got dimension size of " + size);
        }
        int n = (int) Math.max(splitSize == 0 ? 1 : (size + splitSize - 1) / splitSize, 1);
        long[] sizes = new long[n];
        Arrays.fill(sizes, splitSize);
        sizes[n - 1] = size - splitSize * (n - 1);
        return splitWithSizes(op, t, sizes, dim);
    }

    public static Tensor[] chunk(String op, Tensor t, long chunks, long dim) {
        if (t.dim() == 0) throw new IllegalArgumentException(op + ": chunk expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new IllegalArgumentException(op + ": chunk expects `chunks` to be greater than 0, got: " + chunks);
        long size = t.size(Shapes.normDim(dim, t.dim()));
        long splitSize = (size + chunks - 1) / chunks;
        if (splitSize == 0 && size == 0) {
            long[] sizes = new long[(int) chunks];
            return splitWithSizes(op, t, sizes, dim);
        }
        return split(op, t, splitSize, dim);
    }

    public static Tensor[] unbind(String op, Tensor t, long dim) {
        if (t.dim() == 0) throw new IllegalArgumentException(op + ": dimension specified as " + dim + " but tensor has no dimensions");
        int d = Shapes.normDim(dim, t.dim());
        Tensor[] out = new Tensor[(int) t.size(d)];
        for (int i = 0; i < out.length; i++) out[i] = select(op, t, d, i);
        return out;
    }

    static long[] remove(long[] a, int i) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    static long[] insert(long[] a, int i, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }
}
