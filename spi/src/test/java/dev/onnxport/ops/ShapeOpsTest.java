package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-checked values for the shape, indexing and factory ops beyond the PyTorch fixtures. */
class ShapeOpsTest {
    private static OpDef op(String name) { return AtenOps.registry().get(name); }

    private static Tensor range(long... shape) {
        Tensor t = op("aten::arange").callKw(new Object[] {Shapes.numel(shape)}, Map.of("dtype", "float32"))[0];
        return op("aten::view").call1(t, shape);
    }

    @Test
    void contiguousCopiesOnlyNonContiguousInputs() {
        Tensor x = range(2, 3);
        Tensor same = op("aten::contiguous").call1(x);
        assertSame(x.storage(), same.storage());
        Tensor xt = op("aten::t").call1(x);
        Tensor c = op("aten::contiguous").call1(xt);
        assertNotSame(x.storage(), c.storage());
        assertArrayEquals(new long[] {3, 2}, c.shape());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, c.toDoubleArray());
        assertTrue(c.isContiguous());
    }

    @Test
    void cloneHasItsOwnStorage() {
        Tensor x = range(4);
        Tensor c = op("aten::clone").call1(x);
        assertNotSame(x.storage(), c.storage());
        assertArrayEquals(new double[] {0, 1, 2, 3}, c.toDoubleArray());
    }

    @Test
    void onesAndFullLike() {
        Tensor o = op("aten::ones").call1(new long[] {2, 2});
        assertEquals(DType.FLOAT32, o.dtype());
        assertArrayEquals(new double[] {1, 1, 1, 1}, o.toDoubleArray());
        Tensor oi = op("aten::ones").callKw(new Object[] {new long[] {3}}, Map.of("dtype", "int64"))[0];
        assertEquals(DType.INT64, oi.dtype());

        Tensor ints = Tensor.of(new long[] {5, 6, 7}, 3);
        Tensor f = op("aten::full_like").call1(ints, 2.7);  // int64 fill truncates 2.7 to 2
        assertEquals(DType.INT64, f.dtype());
        assertArrayEquals(new long[] {2, 2, 2}, f.toLongArray());
        Tensor fd = op("aten::full_like").callKw(new Object[] {ints, 2.5}, Map.of("dtype", "float64"))[0];
        assertEquals(DType.FLOAT64, fd.dtype());
        assertArrayEquals(new double[] {2.5, 2.5, 2.5}, fd.toDoubleArray());
    }

    @Test
    void viewAsAndExpandAsShareStorage() {
        Tensor x = range(6);
        Tensor v = op("aten::view_as").call1(x, Tensor.zeros(DType.INT64, 3, 2));
        assertSame(x.storage(), v.storage());
        assertEquals(5.0, v.getDouble(2, 1));

        Tensor col = range(3, 1);
        Tensor e = op("aten::expand_as").call1(col, Tensor.zeros(DType.BOOL, 2, 3, 4));
        assertArrayEquals(new long[] {2, 3, 4}, e.shape());
        assertArrayEquals(new long[] {0, 1, 0}, e.strides());
        assertEquals(2.0, e.getDouble(1, 2, 3));
    }

    @Test
    void viewOfTransposeFailsButReshapeCopies() {
        Tensor xt = op("aten::transpose.int").call1(range(2, 3), 0, 1);
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> op("aten::view").call1(xt, new long[] {6}));
        assertTrue(err.getMessage().contains("reshape"), err.getMessage());
        Tensor r = op("aten::reshape").call1(xt, new long[] {-1});
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, r.toDoubleArray());
        // splitting a transposed dim is still a view
        Tensor src = range(4, 2);
        Tensor v = op("aten::view").call1(op("aten::t").call1(src), new long[] {2, 1, 4});
        assertSame(src.storage(), v.storage());
        assertEquals(1, v.stride(0));
        assertEquals(2, v.stride(2));
        assertEquals(6.0, v.getDouble(0, 0, 3));
    }

    @Test
    void viewsOfMetaTensorsStayMeta() {
        Tensor m = Tensor.meta(DType.FLOAT32, 2, 3, 4);
        Tensor p = op("aten::permute").call1(m, new long[] {2, 0, 1});
        assertTrue(p.isMeta());
        assertArrayEquals(new long[] {1, 12, 4}, p.strides());
        assertThrows(IllegalArgumentException.class, () -> op("aten::view").call1(p, new long[] {24}));
        Tensor[] parts = op("aten::chunk").call(m, 2, -1);
        assertEquals(2, parts.length);
        assertTrue(parts[1].isMeta());
        assertArrayEquals(new long[] {2, 3, 2}, parts[1].shape());
    }

    @Test
    void factoryDtypesFollowPyTorch113() {
        Tensor a = op("aten::arange").call1(5L);
        assertEquals(DType.INT64, a.dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, a.toLongArray());
        Tensor af = op("aten::arange.start_step").call1(0.0, 1.0, 0.25);
        assertEquals(DType.FLOAT32, af.dtype());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, af.toDoubleArray());
        Tensor down = op("aten::arange.start_step").call1(5L, 0L, -2L);
        assertArrayEquals(new long[] {5, 3, 1}, down.toLongArray());
        assertEquals(DType.INT64, op("aten::full").call1(new long[] {2}, 3L).dtype());
        assertEquals(DType.BOOL, op("aten::full").call1(new long[] {2}, true).dtype());
        assertEquals(DType.FLOAT32, op("aten::full").call1(new long[] {2}, 3.0).dtype());
        assertEquals(DType.FLOAT32, op("aten::zeros").call1(new long[] {2}).dtype());
    }

    @Test
    void advancedIndexing() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor mask = Tensor.of(new boolean[] {true, false, false, true}, 2, 2);
        Tensor picked = op("aten::index.Tensor").call1(x, new Tensor[] {mask});
        assertArrayEquals(new double[] {1, 4}, picked.toDoubleArray());

        // indices on dims 0 and 2 are not adjacent, so their broadcast dim comes first: out[b][j] = y[i0[b], j, i2[b]]
        Tensor y = range(2, 3, 4);
        Tensor i0 = Tensor.of(new long[] {0, 1}, 2), i2 = Tensor.of(new long[] {1, -2}, 2);
        Tensor out = op("aten::index.Tensor").call1(y, new Tensor[] {i0, null, i2});
        assertArrayEquals(new long[] {2, 3}, out.shape());
        assertArrayEquals(new double[] {1, 5, 9, 14, 18, 22}, out.toDoubleArray());
    }

    @Test
    void rollWithoutDimsRollsTheFlattenedTensor() {
        Tensor x = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2);
        Tensor r = op("aten::roll").call1(x, new long[] {1});
        assertArrayEquals(new long[] {2, 2}, r.shape());
        assertArrayEquals(new long[] {4, 1, 2, 3}, r.toLongArray());
    }

    @Test
    void catPromotesAndSkipsLegacyEmptyTensors() {
        Tensor a = Tensor.of(new long[] {1, 2}, 2);
        Tensor b = Tensor.of(new float[] {0.5f}, 1);
        Tensor c = op("aten::cat").call1((Object) new Tensor[] {a, Tensor.zeros(DType.INT64, 0), b});
        assertEquals(DType.FLOAT32, c.dtype());
        assertArrayEquals(new double[] {1, 2, 0.5}, c.toDoubleArray());
    }

    @Test
    void padsCropReflectAndReplicate() {
        Tensor x = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor c = op("aten::constant_pad_nd").call1(x, new long[] {-1, 1}, 9L);
        assertArrayEquals(new long[] {2, 3, 9, 5, 6, 9}, c.toLongArray());

        Tensor x3 = op("aten::unsqueeze").call1(x, 0);
        long[] pad = {2, 0, 1, 0};  // left, right, top, bottom
        Tensor rf = op("aten::reflection_pad2d").call1(x3, pad);
        assertArrayEquals(new long[] {1, 3, 5}, rf.shape());
        assertArrayEquals(new long[] {6, 5, 4, 5, 6, 3, 2, 1, 2, 3, 6, 5, 4, 5, 6}, rf.toLongArray());
        Tensor rp = op("aten::replication_pad2d").call1(x3, pad);
        assertArrayEquals(new long[] {1, 1, 1, 2, 3, 1, 1, 1, 2, 3, 4, 4, 4, 5, 6}, rp.toLongArray());
    }
}
