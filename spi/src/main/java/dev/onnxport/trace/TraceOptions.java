package dev.onnxport.trace;

import java.util.List;

/**
 * How to trace: graph name, input and output names, whether to compute only shapes and dtypes
 * for values derived from the inputs (parameters stay real, so parameter-only computations are still
 * evaluated and can be folded), and whether reading a traced value as a Java number is an error ({@code strict})
 * instead of a warning (once per source line).
 */
public record TraceOptions(String graphName, List<String> inputNames, List<String> outputNames, boolean shapeOnly, boolean strict) {
    public TraceOptions(String graphName, List<String> inputNames, List<String> outputNames, boolean shapeOnly) {
        this(graphName, inputNames, outputNames, shapeOnly, false);
    }

    public static TraceOptions defaults() { return new TraceOptions("main", List.of(), List.of(), false, false); }

    public TraceOptions withGraphName(String n) { return new TraceOptions(n, inputNames, outputNames, shapeOnly, strict); }
    public TraceOptions withInputNames(List<String> n) { return new TraceOptions(graphName, List.copyOf(n), outputNames, shapeOnly, strict); }
    public TraceOptions withOutputNames(List<String> n) { return new TraceOptions(graphName, inputNames, List.copyOf(n), shapeOnly, strict); }
    public TraceOptions withShapeOnly(boolean s) { return new TraceOptions(graphName, inputNames, outputNames, s, strict); }
    public TraceOptions withStrict(boolean s) { return new TraceOptions(graphName, inputNames, outputNames, shapeOnly, s); }
}
