package dev.onnxport.safetensors;

import dev.onnxport.tensor.DType;
import java.util.Arrays;

/**
 * One validated header entry of a safetensors file: name, dtype, shape and the byte range
 * {@code [begin, end)} of its data, counted from the start of the data section as the header does.
 */
public final class TensorInfo {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long begin;
    private final long end;

    TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.begin = begin;
        this.end = end;
    }

    public String name() { return name; }
    public DType dtype() { return dtype; }
    public long[] shape() { return shape.clone(); }
    /** First byte of the data, relative to the start of the data section. */
    public long begin() { return begin; }
    /** One past the last byte of the data, relative to the start of the data section. */
    public long end() { return end; }
    public long byteLength() { return end - begin; }
    public long numel() { return byteLength() / dtype.byteSize(); }

    @Override
    public String toString() {
        return name + ": " + dtype.safetensorsName() + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ")";
    }
}
