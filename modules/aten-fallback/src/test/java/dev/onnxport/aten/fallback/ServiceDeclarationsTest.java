package dev.onnxport.aten.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.export.ExportModes;
import dev.onnxport.export.OperatorExportType;
import dev.onnxport.spi.ExportMode;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** module-info {@code provides} (module path) and META-INF/services (class path) declare the same providers. */
class ServiceDeclarationsTest {
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void servicesFilesMatchModuleInfo() throws Exception {
        ModuleDescriptor d = ModuleFinder.of(CLASSES).findAll().iterator().next().descriptor();
        assertEquals(OperatorExportType.ONNX_ATEN_FALLBACK.moduleName(), d.name());
        Map<String, Set<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : d.provides()) provides.put(p.service(), new TreeSet<>(p.providers()));
        assertEquals(Map.of(ExportMode.class.getName(), Set.of(AtenFallbackExportMode.class.getName())), provides);
        Map<String, Set<String>> services = new TreeMap<>();
        try (var files = Files.list(CLASSES.resolve("META-INF/services"))) {
            for (Path f : files.toList()) {
                Set<String> names = new TreeSet<>();
                for (String line : Files.readAllLines(f)) {
                    String p = line.replaceAll("#.*", "").trim();
                    if (!p.isEmpty()) names.add(p);
                }
                services.put(f.getFileName().toString(), names);
            }
        }
        assertEquals(provides, services);
    }

    @Test
    void theFacadeFindsTheMode() {
        assertEquals(AtenFallbackExportMode.class, ExportModes.get(OperatorExportType.ONNX_ATEN_FALLBACK).getClass());
    }
}
