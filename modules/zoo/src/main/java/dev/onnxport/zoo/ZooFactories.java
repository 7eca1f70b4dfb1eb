package dev.onnxport.zoo;

/** The bundled models as {@link dev.onnxport.spi.ModelFactory} services (filled in as twins land). */
final class ZooFactories {
    private ZooFactories() {}
}
