package dev.onnxport.spi;

import dev.onnxport.ir.Graph;

/**
 * An export mode: rewrites a traced aten graph, in place, into the ONNX dialect of the IR. A service, found with
 * {@link java.util.ServiceLoader}: a module {@code provides dev.onnxport.spi.ExportMode with ...} (and lists the class
 * in {@code META-INF/services/dev.onnxport.spi.ExportMode} for the class path). A mode announces what the core and
 * the command need to know without naming it: its {@link #type() name}, its {@link #opsets() opsets}, and whether it
 * {@link #supports exports an operator} at an opset. Instances are made anew for each export.
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
    /** The name users select this mode by; one provider per name may be present. */
    OperatorExportType type();

    /**
     * The default-domain opsets this mode lowers to; within {@link OpsetRange#SUPPORTED} (the default: all of it).
     * An export at another opset is refused before anything is traced.
     */
    default OpsetRange opsets() { return OpsetRange.SUPPORTED; }

    /**
     * Whether this mode exports the operator {@code op} (its qualified name, e.g. {@code aten::add.Tensor}) at
     * {@code opset}, as far as the operator alone decides (a call can still fail on its arguments). Custom symbolic
     * functions registered at run time are not counted. {@link OpSupport#NO} for an opset outside {@link #opsets()}.
     */
    OpSupport supports(String op, int opset);

    /** Lowers every aten and prim node of {@code graph} for {@code context.opset()}; fails with an OnnxExporterError. */
    void lower(Graph graph, LoweringContext context);
}
