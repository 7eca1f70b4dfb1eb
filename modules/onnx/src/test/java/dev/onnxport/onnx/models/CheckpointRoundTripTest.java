package dev.onnxport.onnx.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.Models;
import dev.onnxport.testing.ModelFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zoo model's state dict saved with the safetensors writer and loaded into a fresh instance exports to the
 * same bytes as the model it came from (names, order and data of every initializer survive the round trip).
 */
class CheckpointRoundTripTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2", "tiny_gpt", "lstm_tagger"})
    void savedAndReloadedModelExportsByteIdentically(String name) throws IOException {
        ModelFixtures f = ModelFixtures.load(name);
        Module original = f.model();                      // PyTorch's weights, not the seeded ones
        Path ckpt = tmp.resolve(name + ".safetensors");
        Safetensors.write(ckpt, original.stateDict(), java.util.Map.of());

        Module fresh = Models.get(name).create();          // seeded weights, different from the checkpoint
        Path seeded = f.export(fresh, f.options(17).build(), tmp.resolve(name + "-seeded.onnx"));
        fresh.loadStateDict(Safetensors.read(ckpt));

        Path a = f.export(original, f.options(17).build(), tmp.resolve(name + "-original.onnx"));
        Path b = f.export(fresh, f.options(17).build(), tmp.resolve(name + "-reloaded.onnx"));
        assertEquals(-1L, Files.mismatch(a, b), name + ": the reloaded model exports to other bytes");
        assertNotEquals(-1L, Files.mismatch(a, seeded), name + ": the checkpoint did not change the weights");
    }
}
