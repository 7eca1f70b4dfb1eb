package dev.onnxport.tensor;

import java.util.Locale;

/**
 * Element types, each with its ONNX {@code TensorProto.DataType} code, its PyTorch
 * {@code ScalarType} code, and its safetensors name.
 */
public enum DType {
    FLOAT32(1, 6, "F32", 4, Category.FLOATING, "float32", "Float"),
    FLOAT64(11, 7, "F64", 8, Category.FLOATING, "float64", "Double"),
    FLOAT16(10, 5, "F16", 2, Category.FLOATING, "float16", "Half"),
    BFLOAT16(16, 15, "BF16", 2, Category.FLOATING, "bfloat16", "BFloat16"),
    INT64(7, 4, "I64", 8, Category.INTEGRAL, "int64", "Long"),
    INT32(6, 3, "I32", 4, Category.INTEGRAL, "int32", "Int"),
    INT16(5, 2, "I16", 2, Category.INTEGRAL, "int16", "Short"),
    INT8(3, 1, "I8", 1, Category.INTEGRAL, "int8", "Char"),
    UINT8(2, 0, "U8", 1, Category.INTEGRAL, "uint8", "Byte"),
    BOOL(9, 11, "BOOL", 1, Category.BOOLEAN, "bool", "Bool");

    /** Type-promotion category, ordered as PyTorch orders them. */
    public enum Category { BOOLEAN, INTEGRAL, FLOATING }

    private final int onnxCode;
    private final int torchCode;
    private final String safetensorsName;
    private final int byteSize;
    private final Category category;
    private final String torchName;
    private final String irName;

    DType(int onnxCode, int torchCode, String safetensorsName, int byteSize, Category category,
          String torchName, String irName) {
        this.onnxCode = onnxCode;
        this.torchCode = torchCode;
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
        this.category = category;
        this.torchName = torchName;
        this.irName = irName;
    }

    public int onnxCode() { return onnxCode; }
    public int torchCode() { return torchCode; }
    public String safetensorsName() { return safetensorsName; }
    public int byteSize() { return byteSize; }
    public Category category() { return category; }
    /** PyTorch's name, e.g. {@code float32}. */
    public String torchName() { return torchName; }
    /** The name the IR printer uses, as TorchScript prints it: {@code Float}, {@code Long}. */
    public String irName() { return irName; }

    public boolean isFloatingPoint() { return category == Category.FLOATING; }

    /** {@code torch.finfo(dtype).eps}: the gap between 1 and the next representable value of a floating type. */
    public double machineEpsilon() {
        return switch (this) {
            case FLOAT64 -> Math.ulp(1.0);
            case FLOAT32 -> Math.ulp(1.0f);
            case FLOAT16 -> 0x1p-10;
            case BFLOAT16 -> 0x1p-7;
            default -> throw new IllegalStateException(this + " is not a floating type");
        };
    }
    public boolean isIntegral() { return category == Category.INTEGRAL; }
    public boolean isBool() { return this == BOOL; }

    public static DType fromOnnx(int code) {
        for (DType d : values()) if (d.onnxCode == code) return d;
        throw new IllegalArgumentException("ONNX data type " + code + " has no onnxport dtype");
    }

    public static DType fromTorch(int code) {
        for (DType d : values()) if (d.torchCode == code) return d;
        throw new IllegalArgumentException("PyTorch ScalarType " + code + " has no onnxport dtype");
    }

    /** Parses a safetensors dtype name such as {@code F32}; returns null when unknown. */
    public static DType fromSafetensors(String name) {
        for (DType d : values()) if (d.safetensorsName.equals(name)) return d;
        return null;
    }

    /** Parses a PyTorch dtype name ({@code float32}, {@code torch.int64}, {@code long}, {@code float}). */
    public static DType fromTorchName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("torch.")) n = n.substring(6);
        switch (n) {
            case "float": return FLOAT32;
            case "double": return FLOAT64;
            case "half": return FLOAT16;
            case "long": return INT64;
            case "int": return INT32;
            case "short": return INT16;
            default:
                for (DType d : values()) if (d.torchName.equals(n)) return d;
                throw new IllegalArgumentException("unknown dtype '" + name
                        + "'; expected one of float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool");
        }
    }
}
