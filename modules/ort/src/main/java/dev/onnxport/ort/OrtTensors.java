package dev.onnxport.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.HeapStorage;
import dev.onnxport.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Conversions between onnxport tensors and ONNX Runtime tensors, by raw bytes: storage bytes go into a direct
 * buffer that ORT uses in place, and ORT's output bytes go straight into Java arrays.
 */
final class OrtTensors {
    private OrtTensors() {}

    /** The onnxport dtype of an ORT element type, or null when onnxport has none (strings, unsigned 16-64, float8, complex). */
    static DType dtypeOf(TensorInfo.OnnxTensorType type) {
        // by constant: the Java enum's numeric values are its own, not ONNX's DataType codes
        return switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DType.FLOAT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DType.FLOAT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DType.FLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DType.BFLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DType.BOOL;
            default -> null;
        };
    }

    private static OnnxJavaType javaType(DType d) {
        return switch (d) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case INT64 -> OnnxJavaType.INT64;
            case INT32 -> OnnxJavaType.INT32;
            case INT16 -> OnnxJavaType.INT16;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
        };
    }

    /**
     * An ORT tensor with {@code t}'s elements in row-major order. The direct buffer is owned by the returned
     * tensor, which ORT reads without copying; close it after the run.
     */
    static OnnxTensor toOrt(OrtEnvironment env, String name, Tensor t) throws OrtException {
        long bytes = t.numel() * t.dtype().byteSize();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input '" + name + "' has " + bytes
                    + " bytes; ONNX Runtime's Java API takes at most 2 GiB per input tensor");
        }
        Tensor src = t.isContiguous() ? t : t.copy();
        ByteBuffer buf = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        src.storage().copyBytesTo(src.offset(), src.numel(), buf);
        buf.flip();
        return OnnxTensor.createTensor(env, buf, t.shape(), javaType(t.dtype()));
    }

    /** A contiguous heap tensor holding a copy of ORT's output {@code name}. */
    static Tensor fromOrt(String name, OnnxTensor t) {
        TensorInfo info = t.getInfo();
        DType dtype = dtypeOf(info.onnxType);
        if (dtype == null) {
            throw new UnsupportedOperationException("output '" + name + "' has ONNX element type " + info.onnxType
                    + ", which onnxport tensors cannot hold");
        }
        long[] shape = info.getShape();
        Tensor out = Tensor.zeros(dtype, shape);
        if (out.numel() == 0) return out;
        ByteBuffer bytes = t.getByteBuffer().order(ByteOrder.nativeOrder());
        Object array = ((HeapStorage) out.storage()).array();
        switch (dtype) {
            case FLOAT32 -> bytes.asFloatBuffer().get((float[]) array);
            case FLOAT64 -> bytes.asDoubleBuffer().get((double[]) array);
            case INT64 -> bytes.asLongBuffer().get((long[]) array);
            case INT32 -> bytes.asIntBuffer().get((int[]) array);
            case INT16, FLOAT16, BFLOAT16 -> bytes.asShortBuffer().get((short[]) array);
            case INT8, UINT8, BOOL -> bytes.get((byte[]) array);
        }
        return out;
    }

    /** {@code [batch, 3]} for a shape with named dynamic dimensions, {@code [2, 3]} otherwise. */
    static String describe(TensorInfo info) {
        long[] shape = info.getShape();
        String[] names = info.getDimensionNames();
        String[] dims = new String[shape.length];
        for (int i = 0; i < shape.length; i++) {
            boolean named = names != null && i < names.length && names[i] != null && !names[i].isEmpty();
            dims[i] = shape[i] >= 0 ? Long.toString(shape[i]) : named ? names[i] : "?";
        }
        DType d = dtypeOf(info.onnxType);
        return (d != null ? d.torchName() : info.onnxType.toString()) + Arrays.toString(dims);
    }
}
