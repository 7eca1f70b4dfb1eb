package dev.onnxport.spi;

/**
 * How aten operators become ONNX, as in {@code torch.onnx.OperatorExportTypes}. Each type is provided by
 * its own module; a type is available exactly when that module is on the module path (or class path).
 */
public enum OperatorExportType {
    /** ONNX operators only; an op without a symbolic function fails the export. */
    ONNX("dev.onnxport.onnx", "onnxport-onnx"),
    /** Every aten op becomes an {@code ATen} node in domain {@code org.pytorch.aten}. */
    ONNX_ATEN("dev.onnxport.onnx.aten", "onnxport-onnx-aten"),
    /** ONNX where a symbolic function exists, {@code ATen} otherwise. */
    ONNX_ATEN_FALLBACK("dev.onnxport.aten.fallback", "onnxport-aten-fallback"),
    /** ONNX where possible, the unconverted op in its own domain otherwise. */
    ONNX_FALLTHROUGH("dev.onnxport.fallthrough", "onnxport-fallthrough");

    private final String moduleName;
    private final String artifact;

    OperatorExportType(String moduleName, String artifact) {
        this.moduleName = moduleName;
        this.artifact = artifact;
    }

    /** The JPMS module that provides this type. */
    public String moduleName() { return moduleName; }

    /** The jar (Maven artifact) that holds that module. */
    public String artifact() { return artifact; }
}
