package dev.onnxport.aten.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.export.ExportModes;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.testing.ServiceDeclarations;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** module-info {@code provides} (module path) and META-INF/services (class path) declare the same providers. */
class ServiceDeclarationsTest {
    @Test
    void servicesFilesMatchModuleInfo() {
        assertEquals("dev.onnxport.aten.fallback",
                ServiceDeclarations.descriptor(ServiceDeclarations.rootOf(AtenFallbackExportMode.class)).name());
        assertEquals(Map.of(ExportMode.class.getName(), Set.of(AtenFallbackExportMode.class.getName())), ServiceDeclarations.inStep(AtenFallbackExportMode.class));
    }

    @Test
    void theFacadeFindsTheMode() {
        assertEquals(AtenFallbackExportMode.class, ExportModes.get(OperatorExportType.ONNX_ATEN_FALLBACK).getClass());
    }
}
