package dev.onnxport.verify;

/**
 * The first value, in topological order of the traced graph, where the exported model departs from the eager one.
 *
 * @param runLabel      the verification run whose inputs were used
 * @param onnxOpType    the op type of the ONNX node computing the value ({@code domain::op} outside the default domain)
 * @param onnxNodeName  that node's name in the file
 * @param onnxValue     the value's name in the file
 * @param atenOp        the aten op it came from ({@code aten::gelu})
 * @param scope         the module scope ({@code encoder.act}; empty for the root module)
 * @param moduleClass   the class of that module
 * @param source        the Java source line of the call ({@code MyModel.java:42}), or null when unknown
 * @param maxAbsError   largest absolute error (NaN when the fault is a shape or dtype mismatch)
 * @param maxRelError   largest relative error
 * @param fault         a shape or dtype mismatch, else null
 */
public record Divergence(String runLabel, String onnxOpType, String onnxNodeName, String onnxValue, String atenOp,
                         String scope, String moduleClass, String source, double maxAbsError, double maxRelError,
                         String fault) {
    /** One paragraph for people. */
    public String describe() {
        StringBuilder sb = new StringBuilder("first divergent node: ONNX ").append(onnxOpType).append(" '")
                .append(onnxNodeName).append("' (value '").append(onnxValue).append("'), from ").append(atenOp);
        sb.append(" in ").append(scope.isEmpty() ? "the root module" : "module " + scope);
        if (!moduleClass.isEmpty()) sb.append(" (").append(moduleClass).append(')');
        sb.append(" at ").append(source == null ? "unknown source" : source);
        if (fault != null) sb.append(": ").append(fault);
        else sb.append(String.format(": max|err| %.3g, max rel %.3g", maxAbsError, maxRelError));
        return sb.append(" [").append(runLabel).append(']').toString();
    }
}
