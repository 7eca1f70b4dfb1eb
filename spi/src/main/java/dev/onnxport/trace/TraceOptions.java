package dev.onnxport.trace;

import java.util.List;

/**
 * How to trace: graph name, input and output names, and whether to compute only shapes and dtypes
 * for values derived from the inputs (parameters stay real, so parameter-only computations are still
 * evaluated and can be folded).
 */
public record TraceOptions(String graphName, List<String> inputNames, List<String> outputNames, boolean shapeOnly) {
    public static TraceOptions defaults() { return new TraceOptions("main", List.of(), List.of(), false); }

    public TraceOptions withGraphName(String n) { return new TraceOptions(n, inputNames, outputNames, shapeOnly); }
    public TraceOptions withInputNames(List<String> n) { return new TraceOptions(graphName, List.copyOf(n), outputNames, shapeOnly); }
    public TraceOptions withOutputNames(List<String> n) { return new TraceOptions(graphName, inputNames, List.copyOf(n), shapeOnly); }
    public TraceOptions withShapeOnly(boolean s) { return new TraceOptions(graphName, inputNames, outputNames, s); }
}
