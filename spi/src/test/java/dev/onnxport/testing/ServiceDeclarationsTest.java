package dev.onnxport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper itself: services files are read as the ServiceLoader reads them; a non-module is refused. */
class ServiceDeclarationsTest {
    @Test
    void readsProvidersSkippingCommentsAndBlankLines(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("META-INF/services"));
        Files.writeString(dir.resolve("a.Service"), "# providers\n\n  b.One  # the first\nb.Two\n");
        assertEquals(Map.of("a.Service", Set.of("b.One", "b.Two")), ServiceDeclarations.ofServiceFiles(root));
    }

    @Test
    void aDirectoryWithoutModuleInfoIsNoModule(@TempDir Path root) {
        assertThrows(Exception.class, () -> ServiceDeclarations.ofModuleInfo(root));
    }
}
