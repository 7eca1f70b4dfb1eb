package dev.onnxport.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.spi.RuntimeVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {
    @Test
    void serviceLoaderFindsTheProviderOnTheClassPath() {
        List<RuntimeVerifier> found = ServiceLoader.load(RuntimeVerifier.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertTrue(found.stream().anyMatch(v -> v instanceof OrtRuntimeVerifier), found.toString());
    }

    @Test
    void moduleInfoAndMetaInfServicesDeclareTheSameProviders() throws IOException, URISyntaxException {
        Path classes = Path.of(OrtRuntimeVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals("dev.onnxport.ort", module.name());
        for (ModuleDescriptor.Provides p : module.provides()) {
            Path services = classes.resolve("META-INF/services/" + p.service());
            assertTrue(Files.exists(services), "module-info provides " + p.service() + " but " + services + " is missing");
            Set<String> listed = Files.readAllLines(services, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
            assertEquals(Set.copyOf(p.providers()), listed, p.service());
        }
        assertEquals(Set.of(RuntimeVerifier.class.getName()),
                module.provides().stream().map(ModuleDescriptor.Provides::service).collect(Collectors.toSet()));
    }
}
