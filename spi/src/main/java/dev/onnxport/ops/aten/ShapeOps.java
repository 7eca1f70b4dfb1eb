package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.ShapeViews.registerView;
import static dev.onnxport.ops.aten.ShapeViews.registerViews;

import dev.onnxport.ops.OpRegistry;

/**
 * Aten ops: views and shape changes: view, reshape, permute, transpose, expand, squeeze, split, ...
 * (the copying ones, cat, stack, repeat, ..., are in {@link ShapeCopyOps}). Views share storage with
 * their input as in PyTorch, and keep meta tensors meta.
 */
final class ShapeOps {
    private ShapeOps() {}

    public static void register(OpRegistry r) {
        registerView(r, "aten::t(Tensor(a) self) -> Tensor(a)", (t, a) -> {
            if (t.dim() > 2) {
                throw new IllegalArgumentException("aten::t: t() expects a tensor with <= 2 dimensions, but self is " + t.dim() + "D");
            }
            return t.dim() < 2 ? ShapeViews.alias(t) : ShapeViews.transpose(t, 0, 1);
        });
        registerView(r, "aten::view(Tensor(a) self, SymInt[] size) -> Tensor(a)",
                (t, a) -> ShapeViews.view("aten::view", t, a.ints(1)));
        registerView(r, "aten::view_as(Tensor(a) self, Tensor other) -> Tensor(a)",
                (t, a) -> ShapeViews.view("aten::view_as", t, a.tensor(1).shape()));
        registerView(r, "aten::reshape(Tensor(a) self, SymInt[] shape) -> Tensor(a)",
                (t, a) -> ShapeViews.reshape("aten::reshape", t, a.ints(1)));
        registerView(r, "aten::flatten.using_ints(Tensor(a) self, int start_dim=0, int end_dim=-1) -> Tensor(a)",
                (t, a) -> ShapeViews.flatten("aten::flatten", t, a.integer(1), a.integer(2)));
        registerView(r, "aten::permute(Tensor(a) self, int[] dims) -> Tensor(a)",
                (t, a) -> ShapeViews.permute("aten::permute", t, a.ints(1)));
        registerView(r, "aten::transpose.int(Tensor(a) self, int dim0, int dim1) -> Tensor(a)",
                (t, a) -> ShapeViews.transpose(t, a.integer(1), a.integer(2)));
        registerView(r, "aten::expand(Tensor(a) self, SymInt[] size, *, bool implicit=False) -> Tensor(a)",
                (t, a) -> ShapeViews.expand("aten::expand", t, a.ints(1)));
        registerView(r, "aten::expand_as(Tensor(a) self, Tensor other) -> Tensor(a)",
                (t, a) -> ShapeViews.expand("aten::expand_as", t, a.tensor(1).shape()));
        registerView(r, "aten::squeeze(Tensor(a) self) -> Tensor(a)", (t, a) -> ShapeViews.squeeze(t));
        registerView(r, "aten::squeeze.dim(Tensor(a) self, int dim) -> Tensor(a)", (t, a) -> ShapeViews.squeeze(t, a.integer(1)));
        registerView(r, "aten::unsqueeze(Tensor(a) self, int dim) -> Tensor(a)", (t, a) -> ShapeViews.unsqueeze(t, a.integer(1)));

        registerViews(r, "aten::split.Tensor(Tensor(a -> *) self, int split_size, int dim=0) -> Tensor(a)[]",
                (t, a) -> ShapeViews.split("aten::split", t, a.integer(1), a.integer(2)));
        registerViews(r, "aten::split_with_sizes(Tensor(a -> *) self, int[] split_sizes, int dim=0) -> Tensor(a)[]",
                (t, a) -> ShapeViews.splitWithSizes("aten::split_with_sizes", t, a.ints(1), a.integer(2)));
        registerViews(r, "aten::chunk(Tensor(a -> *) self, int chunks, int dim=0) -> Tensor(a)[]",
                (t, a) -> ShapeViews.chunk("aten::chunk", t, a.integer(1), a.integer(2)));
        registerViews(r, "aten::unbind.int(Tensor(a -> *) self, int dim=0) -> Tensor(a)[]",
                (t, a) -> ShapeViews.unbind("aten::unbind", t, a.integer(1)));

        ShapeCopyOps.register(r);
        ShapeComposites.register(r);
    }
}
