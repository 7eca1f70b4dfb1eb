package dev.onnxport.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TensorsTest {
    static final Tensor A = Tensor.of(new float[] {1}, 1), B = Tensor.of(new float[] {2}, 1), C = Tensor.of(new float[] {3}, 1);

    @Test
    void flattensTensorsArraysAndCollectionsInOrder() {
        assertEquals(List.of(A), Tensors.flatten(A));
        assertEquals(List.of(A, B, C), Tensors.flatten(new Object[] {A, List.of(B, new Tensor[] {C})}));
        assertEquals(List.of(A, B), Tensors.flatten(List.of(List.of(A), Set.of(B))));
        assertEquals(List.of(), Tensors.flatten(new Tensor[0]));
    }

    @Test
    void refusesWhatIsNotATensor() {
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> Tensors.flatten(new Object[] {A, null}));
        assertTrue(nul.getMessage().startsWith("forward returned null;"), nul.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class, () -> Tensors.flatten(Path.of("a")));
        assertTrue(path.getMessage().contains("Path"), path.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensors.flatten(List.of(A, "text")));
    }
}
