package dev.onnxport.testing;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float32 tensors over a read-only little-endian direct buffer: what a memory-mapped checkpoint's weights are. */
public final class MappedTensors {
    private MappedTensors() {}

    /**
     * The whole buffer as a 1-d tensor of {@code skip + values.length} floats, {@code values} from element {@code skip}
     * on (the first {@code skip} are 0); view a weight in it with {@code asStrided(shape, strides, skip)}, as a
     * checkpoint's tensor sits at an offset into its file.
     */
    public static Tensor floats(float[] values, int skip) {
        ByteBuffer b = ByteBuffer.allocateDirect((skip + values.length) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.position(skip * Float.BYTES);
        b.asFloatBuffer().put(values);
        b.position(0);
        return Tensor.wrap(new BufferStorage(DType.FLOAT32, b.asReadOnlyBuffer()), skip + values.length);
    }
}
