package dev.onnxport.cli;

import java.nio.file.Path;
import org.bytedeco.onnx.global.onnx;

/** The official ONNX checker (C++ onnx::checker 1.17 through JavaCPP) with full check, as conformance's referee. */
final class OfficialChecker {
    private OfficialChecker() {}

    /** The newest default-domain opset ONNX 1.17's checker knows; conformance skips it above (structural checker + ORT). */
    static final int KNOWS_UP_TO_OPSET = 22;

    /** Null when the checker accepts {@code file} (external data resolved against its folder), else its message. */
    static String check(Path file) {
        try {
            onnx.check_model(file.toString(), true, false, false);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
