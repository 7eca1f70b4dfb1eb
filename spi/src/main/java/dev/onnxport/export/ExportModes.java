package dev.onnxport.export;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import dev.onnxport.spi.RuntimeVerifier;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds export modes and the runtime verifier with {@link ServiceLoader} (the core is the one caller). It knows the
 * modes only through the {@link ExportMode} interface: their names, opsets and supported ops come from the providers.
 */
public final class ExportModes {
    private ExportModes() {}

    /**
     * A new instance of the mode named {@code type}. Fails when no provider of that name is present (listing the
     * available types), when two are, or when the provider announces opsets outside those onnxport writes.
     */
    public static ExportMode get(OperatorExportType type) {
        List<ExportMode> found = load().stream().filter(m -> m.type().equals(type)).toList();
        if (found.isEmpty()) {
            throw new OnnxExporterError("operator export type " + type + " is not available: no module on the module path "
                    + "or class path provides an export mode named " + type + " (available: " + names(available())
                    + "); add the jar of the module that provides it");
        }
        if (found.size() > 1) {
            throw new OnnxExporterError("operator export type " + type + " is provided twice, by "
                    + found.stream().map(m -> m.getClass().getName()).collect(Collectors.joining(" and "))
                    + "; keep only one of these modules on the path");
        }
        ExportMode mode = found.get(0);
        OpsetRange opsets = mode.opsets();
        if (opsets == null || !OpsetRange.SUPPORTED.contains(opsets)) {
            throw new OnnxExporterError("export mode " + type + " (" + mode.getClass().getName() + ") announces opsets "
                    + opsets + ", but onnxport writes opsets " + OpsetRange.SUPPORTED + " only; fix its opsets()");
        }
        return mode;
    }

    /** The export types whose modules are present, sorted by name. */
    public static SortedSet<OperatorExportType> available() {
        SortedSet<OperatorExportType> s = new TreeSet<>();
        for (ExportMode m : load()) s.add(m.type());
        return s;
    }

    /** A new instance of every present mode, sorted by name. */
    public static List<ExportMode> all() {
        return load().stream().sorted(Comparator.comparing(ExportMode::type)).toList();
    }

    /** {@code ONNX, ONNX_ATEN}, or {@code none}. */
    public static String names(Collection<OperatorExportType> types) {
        return types.isEmpty() ? "none" : types.stream().map(OperatorExportType::name).collect(Collectors.joining(", "));
    }

    /** The runtime verifier, or null when no module provides one. */
    public static RuntimeVerifier verifier() {
        return ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
    }

    /** The runtime verifier; fails, saying which module provides one, when none is present. */
    static RuntimeVerifier requireVerifier() {
        RuntimeVerifier rv = verifier();
        if (rv == null) {
            throw new OnnxExporterError("verify needs a runtime verifier: add the module dev.onnxport.ort "
                    + "(Maven artifact dev.onnxport:onnxport-ort) to the module path or class path");
        }
        return rv;
    }

    private static List<ExportMode> load() {
        return ServiceLoader.load(ExportMode.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
