package dev.onnxport.onnx.aten.probe;

import dev.onnxport.spi.ExportMode;
import java.util.ServiceLoader;

/**
 * Run in a separate JVM by {@link dev.onnxport.onnx.aten.AtenLaunchTest}: prints each export mode the
 * service loader finds as {@code TYPE MODULE} (MODULE is "unnamed" on the class path). Its package is
 * outside the module under test so it loads from the class path while that module is on the module path.
 */
public final class ListModes {
    private ListModes() {}

    public static void main(String[] args) {
        for (ExportMode m : ServiceLoader.load(ExportMode.class)) {
            String module = m.getClass().getModule().isNamed() ? m.getClass().getModule().getName() : "unnamed";
            System.out.println(m.type() + " " + module);
        }
    }
}
