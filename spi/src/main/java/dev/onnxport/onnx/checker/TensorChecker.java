package dev.onnxport.onnx.checker;

import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.schema.ElementTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks a TensorProto (initializer or attribute value): data type, data length vs shape, external data. */
final class TensorChecker {
    private TensorChecker() {}

    static void check(TensorProto t, String where, CheckContext ctx) {
        int dt = t.getDataType();
        if (!ElementTypes.known(dt)) {
            ctx.report(Rule.TENSOR_DATA, where, "data_type " + dt + " is not an ONNX element type");
            return;
        }
        long numel = numel(t);
        if (numel < 0) {
            ctx.report(Rule.TENSOR_DATA, where, "dims " + t.getDimsList() + " has a negative or too large size");
            return;
        }
        List<String> fields = dataFields(t);
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            if (!fields.isEmpty()) {
                ctx.report(Rule.EXTERNAL_DATA, where, "data is stored externally but " + fields + " is set too");
            }
            checkExternal(t, where, numel, ctx);
            return;
        }
        String shape = ElementTypes.name(dt) + " " + t.getDimsList();
        if (fields.size() > 1) {
            ctx.report(Rule.TENSOR_DATA, where, "has several data fields " + fields + ", expected one");
            return;
        }
        if (fields.isEmpty()) {
            if (numel != 0) ctx.report(Rule.TENSOR_DATA, where, "has no data for " + shape);
            return;
        }
        String field = fields.get(0);
        if (numel == 0) {
            ctx.report(Rule.TENSOR_DATA, where, "has 0 elements (" + shape + ") but " + field + " holds data");
            return;
        }
        if (field.equals("raw_data")) {
            long need = ElementTypes.byteSize(dt, numel);
            if (need < 0) {
                ctx.report(Rule.TENSOR_DATA, where, "string data cannot be stored in raw_data");
            } else if (t.getRawData().size() != need) {
                ctx.report(Rule.TENSOR_DATA, where, "raw_data has " + t.getRawData().size() + " bytes, but "
                        + shape + " needs " + need);
            }
            return;
        }
        String expectedField = typedField(dt);
        if (!field.equals(expectedField)) {
            ctx.report(Rule.TENSOR_DATA, where, ElementTypes.name(dt) + " data belongs in " + expectedField
                    + ", not " + field);
            return;
        }
        long need = numel;
        if (dt == ElementTypes.COMPLEX64 || dt == ElementTypes.COMPLEX128) need = 2 * numel;
        if (ElementTypes.fourBit(dt)) need = (numel + 1) / 2;
        long have = fieldCount(t, field);
        if (have != need) {
            ctx.report(Rule.TENSOR_DATA, where, field + " has " + have + " values, but " + shape + " needs " + need);
        }
    }

    /** The element count, or -1 when a dim is negative or the count overflows. */
    private static long numel(TensorProto t) {
        long n = 1;
        try {
            for (long d : t.getDimsList()) {
                if (d < 0) return -1;
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            return -1;
        }
        return n;
    }

    private static List<String> dataFields(TensorProto t) {
        List<String> f = new ArrayList<>();
        if (t.getFloatDataCount() > 0) f.add("float_data");
        if (t.getInt32DataCount() > 0) f.add("int32_data");
        if (t.getStringDataCount() > 0) f.add("string_data");
        if (t.getInt64DataCount() > 0) f.add("int64_data");
        if (t.hasRawData()) f.add("raw_data");
        if (t.getDoubleDataCount() > 0) f.add("double_data");
        if (t.getUint64DataCount() > 0) f.add("uint64_data");
        return f;
    }

    private static long fieldCount(TensorProto t, String field) {
        return switch (field) {
            case "float_data" -> t.getFloatDataCount();
            case "int32_data" -> t.getInt32DataCount();
            case "string_data" -> t.getStringDataCount();
            case "int64_data" -> t.getInt64DataCount();
            case "double_data" -> t.getDoubleDataCount();
            case "uint64_data" -> t.getUint64DataCount();
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** The typed repeated field that holds elements of this data type. */
    private static String typedField(int dt) {
        return switch (dt) {
            case ElementTypes.FLOAT, ElementTypes.COMPLEX64 -> "float_data";
            case ElementTypes.DOUBLE, ElementTypes.COMPLEX128 -> "double_data";
            case ElementTypes.INT64 -> "int64_data";
            case ElementTypes.UINT32, ElementTypes.UINT64 -> "uint64_data";
            case ElementTypes.STRING -> "string_data";
            default -> "int32_data";
        };
    }

    private static void checkExternal(TensorProto t, String where, long numel, CheckContext ctx) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseCount(e.getValue(), "offset", where, ctx);
                case "length" -> length = parseCount(e.getValue(), "length", where, ctx);
                default -> { }
            }
        }
        if (location == null || location.isEmpty()) {
            ctx.report(Rule.EXTERNAL_DATA, where, "is stored externally but has no location");
            return;
        }
        if (location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")) {
            ctx.report(Rule.EXTERNAL_DATA, where, "external data location '" + location
                    + "' is an absolute path; it must be relative to the model's folder");
            return;
        }
        List<String> parts = Arrays.asList(location.split("[/\\\\]"));
        if (parts.contains("..")) {
            ctx.report(Rule.EXTERNAL_DATA, where, "external data location '" + location
                    + "' contains '..'; it must stay inside the model's folder");
            return;
        }
        if (ctx.modelDir() == null || offset < 0 || length < -1) return;
        checkExternalFile(where, location, offset, length, ElementTypes.byteSize(t.getDataType(), numel), ctx);
    }

    private static void checkExternalFile(String where, String location, long offset, long length, long need,
                                          CheckContext ctx) {
        Path dir = ctx.modelDir().toAbsolutePath().normalize();
        Path file = dir.resolve(location).normalize();
        try {
            if (!Files.isRegularFile(file)) {
                ctx.report(Rule.EXTERNAL_DATA, where, "external data file '" + location + "' does not exist in "
                        + dir + " or is not a regular file");
                return;
            }
            Path real = file.toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                ctx.report(Rule.EXTERNAL_DATA, where, "external data file '" + location
                        + "' is a link to " + real + ", outside the model's folder");
                return;
            }
            long size = Files.size(real);
            if (length >= 0 && need >= 0 && length != need) {
                ctx.report(Rule.EXTERNAL_DATA, where, "external data length " + length + " does not match the "
                        + need + " bytes the tensor's shape needs");
            }
            long span = length >= 0 ? length : Math.max(need, 0);
            // offset and span are non-negative; compared without adding them, which could overflow
            if (span > size || offset > size - span) {
                String end = offset > Long.MAX_VALUE - span ? "2^63+" : String.valueOf(offset + span);
                ctx.report(Rule.EXTERNAL_DATA, where, "external data bytes " + offset + ".." + end
                        + " lie beyond the end of '" + location + "' (" + size + " bytes)");
            }
        } catch (IOException e) {
            ctx.report(Rule.EXTERNAL_DATA, where, "cannot read external data file '" + location + "': " + e);
        }
    }

    private static long parseCount(String value, String key, String where, CheckContext ctx) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        ctx.report(Rule.EXTERNAL_DATA, where, "external data " + key + " '" + value + "' is not a non-negative number");
        return -2;
    }
}
