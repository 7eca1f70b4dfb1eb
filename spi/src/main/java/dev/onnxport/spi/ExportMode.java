package dev.onnxport.spi;

import dev.onnxport.ir.Graph;

/**
 * An export mode: rewrites a traced aten graph, in place, into the ONNX dialect of the IR. A service,
 * found with {@link java.util.ServiceLoader}; each {@link OperatorExportType} is provided by its own module.
 *
 * <p>The ONNX dialect uses the same {@link Graph}/{@link dev.onnxport.ir.Node}/{@link dev.onnxport.ir.Value}
 * nouns: a node's kind is {@code domain::OpType} ({@code onnx::Add} for the default domain,
 * {@code org.pytorch.aten::ATen}), it has no {@link dev.onnxport.ops.OpDef}, and its attributes hold ONNX
 * attribute values: Long (INT), Double (FLOAT), String (STRING), long[] (INTS), double[] (FLOATS),
 * String[] (STRINGS), {@link dev.onnxport.tensor.Tensor} (TENSOR), {@link Graph} (GRAPH).
 * An omitted optional input that is followed by a present one is a null entry in the node's inputs (the
 * writer emits the empty name); trailing omitted inputs are simply left out.
 */
public interface ExportMode {
    OperatorExportType type();

    /** Lowers every aten and prim node of {@code graph} for {@code context.opset()}; fails with an OnnxExporterError. */
    void lower(Graph graph, LoweringContext context);
}
