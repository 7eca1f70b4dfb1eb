package dev.onnxport.testing;

import dev.onnxport.onnx.proto.ModelProto;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.onnx.global.onnx;

/** The official ONNX checker (C++ onnx::checker 1.17 through JavaCPP), used as referee in the tests. */
public final class OfficialChecker {
    private OfficialChecker() {}

    /**
     * The newest default-domain opset (and IR version 10) that ONNX 1.17's checker knows. Models of opsets 23..26
     * are checked by the structural checker and ONNX Runtime alone; the tests say so in their names.
     */
    public static final int KNOWS_UP_TO_OPSET = 22;

    /** Whether the official checker knows {@code opset}. */
    public static boolean knows(int opset) {
        return opset <= KNOWS_UP_TO_OPSET;
    }

    /**
     * Checks an in-memory model with full_check (shape inference too); returns the checker's message,
     * or null when it accepts the model.
     */
    public static String check(ModelProto model) {
        byte[] bytes = model.toByteArray();
        org.bytedeco.onnx.ModelProto nativeModel = new org.bytedeco.onnx.ModelProto();
        try (BytePointer p = new BytePointer(bytes)) {
            if (!onnx.ParseProtoFromBytes(nativeModel, p, bytes.length)) return "official: cannot parse the model";
            onnx.check_model(nativeModel, true, false, false);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        } finally {
            nativeModel.close();
        }
    }

    /** Checks a model file, so external data is resolved against its folder. */
    public static String checkFile(Path file) {
        try {
            onnx.check_model(file.toString(), true, false, false);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
