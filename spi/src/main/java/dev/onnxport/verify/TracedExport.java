package dev.onnxport.verify;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Value;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An exported model file together with the traced graph it was lowered from: what the divergence search needs
 * (the facade's {@code ExportResult.traced()} makes one).
 *
 * @param modelFile  the ONNX protobuf file
 * @param inputNames the graph input names, one per input of {@code atenGraph}
 * @param atenGraph  the aten graph as it entered lowering, runnable with {@link dev.onnxport.ir.GraphInterpreter}
 * @param onnxNames  for tensor values of {@code atenGraph}, the name of the value of the file that replaced each
 */
public record TracedExport(Path modelFile, List<String> inputNames, Graph atenGraph, Map<Value, String> onnxNames) {
    public TracedExport {
        if (modelFile == null || atenGraph == null || onnxNames == null) {
            throw new IllegalArgumentException("a traced export needs the model file, the aten graph and the value names; "
                    + "export with OnnxExport.exportWithResult to a PROTOBUF_FILE or DIRECTORY target");
        }
        inputNames = List.copyOf(inputNames);
        onnxNames = Collections.unmodifiableMap(onnxNames);
    }
}
