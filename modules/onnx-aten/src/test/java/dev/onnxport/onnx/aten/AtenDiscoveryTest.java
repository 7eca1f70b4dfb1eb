package dev.onnxport.onnx.aten;

import dev.onnxport.testing.ServiceDeclarations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.ExportMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mode is found on the class path, and the class path and module path declarations agree. */
class AtenDiscoveryTest {
    @Test
    void serviceLoaderFindsTheModeOnTheClassPath() {
        List<ExportMode> modes = ServiceLoader.load(ExportMode.class).stream().map(ServiceLoader.Provider::get)
                .filter(m -> m.type().equals(OperatorExportType.ONNX_ATEN)).toList();
        assertEquals(1, modes.size(), "ONNX_ATEN providers: " + modes);
        assertEquals(AtenExportMode.class, modes.get(0).getClass());
    }

    @Test
    void servicesFilesMatchModuleInfo() {
        assertEquals(Map.of(ExportMode.class.getName(), Set.of(AtenExportMode.class.getName())),
                ServiceDeclarations.inStep(AtenExportMode.class));
    }

    @Test
    void theModeLivesInItsOwnModule() {
        assertEquals("dev.onnxport.onnx.aten", ServiceDeclarations.descriptor(ServiceDeclarations.rootOf(AtenExportMode.class)).name());
    }
}
