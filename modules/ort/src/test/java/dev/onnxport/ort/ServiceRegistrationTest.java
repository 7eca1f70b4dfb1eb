package dev.onnxport.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.testing.ServiceDeclarations;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {
    @Test
    void serviceLoaderFindsTheProviderOnTheClassPath() {
        List<RuntimeVerifier> found = ServiceLoader.load(RuntimeVerifier.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertTrue(found.stream().anyMatch(v -> v instanceof OrtRuntimeVerifier), found.toString());
    }

    @Test
    void moduleInfoAndMetaInfServicesDeclareTheSameProviders() {
        assertEquals("dev.onnxport.ort", ServiceDeclarations.descriptor(ServiceDeclarations.rootOf(OrtRuntimeVerifier.class)).name());
        assertEquals(Map.of(RuntimeVerifier.class.getName(), Set.of(OrtRuntimeVerifier.class.getName())),
                ServiceDeclarations.inStep(OrtRuntimeVerifier.class));
    }
}
