package dev.onnxport.spi;

import dev.onnxport.ir.Value;

/**
 * Turns one aten node into ONNX-dialect nodes, like a PyTorch {@code symbolic_opsetN} function.
 * It reads the node's inputs through the context, emits nodes with {@link SymbolicContext#op}, and
 * returns the values that replace the node's outputs, in order.
 */
@FunctionalInterface
public interface SymbolicFunction {
    Value[] lower(SymbolicContext g);
}
