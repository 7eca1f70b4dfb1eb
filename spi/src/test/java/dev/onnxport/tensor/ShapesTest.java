package dev.onnxport.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapesTest {
    private static long[] s(long... d) { return d; }

    @Test
    void broadcastFollowsNumpyRules() {
        assertArrayEquals(s(2, 3), Shapes.broadcast(s(2, 3), s(3)));
        assertArrayEquals(s(2, 3), Shapes.broadcast(s(2, 1), s(1, 3)));
        assertArrayEquals(s(4), Shapes.broadcast(s(), s(4)));
        assertArrayEquals(s(), Shapes.broadcast(s(), s()));
        assertArrayEquals(s(0), Shapes.broadcast(s(0), s(1)));
        assertArrayEquals(s(5, 0, 3), Shapes.broadcast(s(5, 1, 3), s(0, 1)));
        assertArrayEquals(s(2, 3, 4), Shapes.broadcast(s(3, 1), s(2, 1, 4), s(1)));
    }

    @Test
    void broadcastErrorsNameTheShapesAndTheDim() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast(s(2, 3), s(4)));
        assertEquals("shapes [2, 3] and [4] cannot be broadcast (dim 1: 3 vs 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast(s(0), s(2)));
        assertTrue(e.getMessage().contains("0 vs 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast(s(2, 1), s(1, 3), s(3, 1, 2)));
    }

    @Test
    void broadcastToMakesZeroStrideViews() {
        Tensor t = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        Tensor e = Shapes.broadcastTo(t, s(2, 3, 4));
        assertArrayEquals(s(2, 3, 4), e.shape());
        assertArrayEquals(s(0, 1, 0), e.strides());
        assertEquals(3, e.getDouble(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Shapes.broadcastTo(t, s(3)));      // fewer dims
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Shapes.broadcastTo(t, s(4, 1)));
        assertEquals("cannot broadcast [3, 1] to [4, 1]", x.getMessage());
    }

    @Test
    void normDim() {
        assertEquals(2, Shapes.normDim(-1, 3));
        assertEquals(0, Shapes.normDim(-3, 3));
        assertEquals(0, Shapes.normDim(-1, 0));
        assertEquals(0, Shapes.normDim(0, 0));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Shapes.normDim(3, 3));
        assertEquals("Dimension out of range (expected to be in range of [-3, 2], but got 3)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Shapes.normDim(-4, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Shapes.normDim(1, 0));
    }

    @Test
    void numelStridesAndChecks() {
        assertEquals(1, Shapes.numel(s()));
        assertEquals(0, Shapes.numel(s(3, 0, 2)));
        assertArrayEquals(s(12, 4, 1), Shapes.contiguousStrides(s(2, 3, 4)));
        assertArrayEquals(s(3, 3, 1), Shapes.contiguousStrides(s(2, 0, 3)));  // PyTorch's strides for an empty dim
        assertThrows(IllegalArgumentException.class, () -> Shapes.checkShape(s(2, -1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.checkShape(s(1L << 32, 1L << 32)));
        assertTrue(e.getMessage().contains("more elements than a long can count"), e.getMessage());
    }
}
