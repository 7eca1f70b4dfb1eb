package dev.onnxport.export;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.RuntimeVerifier;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/** Finds export modes and the runtime verifier with {@link ServiceLoader} (the core is the one caller). */
public final class ExportModes {
    private ExportModes() {}

    /** The mode providing {@code type}; fails naming the module to add when none is on the path. */
    public static ExportMode get(OperatorExportType type) {
        List<ExportMode> found = ServiceLoader.load(ExportMode.class).stream()
                .map(ServiceLoader.Provider::get).filter(m -> m.type() == type).toList();
        if (found.isEmpty()) {
            throw new OnnxExporterError("operator export type " + type + " is not available: add the module "
                    + type.moduleName() + " (Maven artifact dev.onnxport:" + type.artifact()
                    + ") to the module path or class path");
        }
        if (found.size() > 1) {
            throw new OnnxExporterError("operator export type " + type + " is provided twice, by "
                    + found.stream().map(m -> m.getClass().getName()).collect(Collectors.joining(" and "))
                    + "; keep only one of these modules on the path");
        }
        return found.get(0);
    }

    /** The export types whose modules are present. */
    public static Set<OperatorExportType> available() {
        Set<OperatorExportType> s = EnumSet.noneOf(OperatorExportType.class);
        ServiceLoader.load(ExportMode.class).stream().map(ServiceLoader.Provider::get).forEach(m -> s.add(m.type()));
        return s;
    }

    /** The runtime verifier, or null when no module provides one. */
    public static RuntimeVerifier verifier() {
        return ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
    }
}
