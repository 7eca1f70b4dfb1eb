package dev.onnxport.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorViewTest {
    /** 0, 1, ..., 11 as a [3, 4] float tensor. */
    private static Tensor arange12() {
        float[] d = new float[12];
        for (int i = 0; i < 12; i++) d[i] = i;
        return Tensor.of(d, 3, 4);
    }

    private static long[] offsets(Tensor t) {
        List<Long> out = new ArrayList<>();
        t.forEachOffset(out::add);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** forEachOffset, offsetOfLinear and offsetOf must agree on row-major logical order. */
    private static void assertConsistentOrder(Tensor t) {
        long[] offs = offsets(t);
        assertEquals(t.numel(), offs.length);
        for (int i = 0; i < offs.length; i++) assertEquals(offs[i], t.offsetOfLinear(i), "linear " + i);
    }

    @Test
    void contiguousTensor() {
        Tensor t = arange12();
        assertTrue(t.isContiguous());
        assertArrayEquals(new long[] {4, 1}, t.strides());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, offsets(t));
        assertSame(t, t.contiguous());
        assertEquals(6, t.getDouble(1, 2));
        assertEquals(11, t.getDouble(-1, -1));
        assertEquals(4, t.offsetOf(1, 0));
    }

    @Test
    void transposeVisitsInLogicalOrder() {
        Tensor t = arange12().asStrided(new long[] {4, 3}, new long[] {1, 4}, 0);
        assertFalse(t.isContiguous());
        assertArrayEquals(new long[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, offsets(t));
        assertConsistentOrder(t);
        Tensor c = t.contiguous();
        assertNotSame(t, c);
        assertTrue(c.isContiguous());
        assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, c.toDoubleArray());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.floats());
    }

    @Test
    void sliceWithOffsetAndStep() {
        // rows 1..2, every other column from 1: [[5, 7], [9, 11]]
        Tensor t = arange12().asStrided(new long[] {2, 2}, new long[] {4, 2}, 5);
        assertArrayEquals(new long[] {5, 7, 9, 11}, offsets(t));
        assertConsistentOrder(t);
        assertArrayEquals(new double[] {5, 7, 9, 11}, t.contiguous().toDoubleArray());
        assertEquals(9, t.getDouble(1, 0));
    }

    @Test
    void contiguousRowsWithAnOffsetAreCopiedByContiguous() {
        Tensor rows = arange12().asStrided(new long[] {2, 4}, new long[] {4, 1}, 4);
        assertTrue(rows.isContiguous());
        assertArrayEquals(new long[] {4, 5, 6, 7, 8, 9, 10, 11}, offsets(rows));
        Tensor c = rows.contiguous();
        assertEquals(0, c.offset());
        assertEquals(8, c.storage().length());
        assertArrayEquals(new double[] {4, 5, 6, 7, 8, 9, 10, 11}, c.toDoubleArray());
    }

    @Test
    void expandedViewRepeatsWithZeroStride() {
        Tensor row = arange12().asStrided(new long[] {1, 4}, new long[] {4, 1}, 8);
        Tensor e = Shapes.broadcastTo(row, new long[] {2, 3, 4});
        assertArrayEquals(new long[] {0, 0, 1}, e.strides());
        assertArrayEquals(new long[] {8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11}, offsets(e));
        assertConsistentOrder(e);
        assertFalse(e.isContiguous());
    }

    @Test
    void negativeStridesWalkBackwards() {
        Tensor flipped = arange12().asStrided(new long[] {3, 4}, new long[] {-4, -1}, 11);
        assertArrayEquals(new long[] {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, offsets(flipped));
        assertConsistentOrder(flipped);
    }

    @Test
    void zeroDimAndEmptyViews() {
        Tensor s = arange12().asStrided(new long[0], new long[0], 7);
        assertArrayEquals(new long[] {7}, offsets(s));
        assertEquals(7, s.item());
        assertEquals(7, s.itemLong());
        assertEquals(0, s.dim());
        Tensor empty = Tensor.zeros(DType.FLOAT32, 2, 0, 3);
        assertTrue(empty.isContiguous(), "an empty tensor is contiguous, as in PyTorch");
        assertSame(empty, empty.contiguous());
        assertEquals(0, offsets(empty).length);
        Tensor emptyView = arange12().asStrided(new long[] {3, 0}, new long[] {1, 7}, 2);
        assertTrue(emptyView.isContiguous());
        assertEquals(0, emptyView.contiguous().numel());
        assertEquals(0, offsets(emptyView).length);
    }

    @Test
    void singleElementArrayWithoutShapeIsZeroDim() {
        assertEquals(0, Tensor.of(new float[] {1}).dim());
        assertArrayEquals(new long[] {1}, Tensor.of(new float[] {1}, 1).shape());
        assertArrayEquals(new long[] {3}, Tensor.of(new long[] {1, 2, 3}).shape());
    }

    @Test
    void viewsShareStorage() {
        Tensor base = arange12();
        Tensor t = base.asStrided(new long[] {4, 3}, new long[] {1, 4}, 0);
        t.setDouble(100, 3, 2);          // element [2][3] of the base
        assertEquals(100, base.getDouble(2, 3));
    }

    @Test
    void badIndicesAndShapes() {
        Tensor t = arange12();
        assertThrows(IndexOutOfBoundsException.class, () -> t.getDouble(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.getDouble(0, -5));
        assertThrows(IllegalArgumentException.class, () -> t.getDouble(0));
        assertThrows(IllegalArgumentException.class, () -> t.asStrided(new long[] {2}, new long[] {1, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT32, 2, -1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.meta(DType.INT64, 2).toLongArray());
        assertTrue(e.getMessage().contains("meta tensor"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> t.item());
    }
}
