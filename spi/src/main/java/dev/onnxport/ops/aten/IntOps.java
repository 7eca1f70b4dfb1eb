package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/**
 * Integer ops on shape values ({@code aten::size.int}, {@code aten::mul.int}, ...). They are recorded by
 * the tracer when user code computes with {@link dev.onnxport.tensor.SymInt}s; they have no tensor
 * kernel because their values are known during tracing.
 */
final class IntOps {
    private IntOps() {}

    public static final String SIZE = "aten::size.int(Tensor self, int dim) -> int";

    public static void register(OpRegistry r) {
        r.register(SIZE, null, null);
        r.register("aten::add.int(int a, int b) -> int", null, null);
        r.register("aten::sub.int(int a, int b) -> int", null, null);
        r.register("aten::mul.int(int a, int b) -> int", null, null);
        r.register("aten::floordiv.int(int a, int b) -> int", null, null);
    }
}
