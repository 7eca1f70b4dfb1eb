package dev.onnxport.onnx.reader;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.TensorProto;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM main of {@link OnnxModelReaderTest#memoryFollowsTheGraphNotTheWeights}: reads a model with
 * {@link OnnxModelReader} (args[0] = "reader") or with a plain {@code ModelProto.parseFrom} (the control, "plain"),
 * and prints the embedded weight bytes it saw.
 */
public final class ReadInSmallHeap {
    private ReadInSmallHeap() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        ModelProto m;
        if (args[0].equals("reader")) {
            m = OnnxModelReader.read(file).proto();
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                m = ModelProto.parseFrom(in);
            }
        }
        long bytes = 0;
        for (TensorProto t : m.getGraph().getInitializerList()) bytes += t.getRawData().size();
        System.out.println("raw_data bytes: " + bytes);
    }
}
