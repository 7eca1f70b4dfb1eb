/**
 * A fifth export mode, for tests only: DiscoveryLaunchTest compiles this folder into a module of its own and puts
 * it on the module path (or class path) of a probe JVM, which selects the mode by its name, ONNX_UPPERCASE_TEST.
 * It needs nothing but the core.
 */
module dev.onnxport.test.uppercase {
    requires dev.onnxport;

    provides dev.onnxport.spi.ExportMode with dev.onnxport.test.uppercase.UppercaseTestMode;
}
