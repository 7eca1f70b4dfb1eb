package dev.onnxport.spi;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How aten operators become ONNX, as in {@code torch.onnx.OperatorExportTypes}: the name an {@link ExportMode}
 * announces and a user selects it by. Any name made of upper-case letters, digits and '_' is a type; it is
 * available exactly when a module on the module path (or a jar on the class path) provides an export mode of that
 * name. The four types of torch are well known and have constants; other modes bring their own names.
 *
 * <p>A value: two types are equal when their names are; {@link #of} gives the constant for a well-known name.
 */
public final class OperatorExportType implements Comparable<OperatorExportType> {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** ONNX operators only; an op without a symbolic function fails the export. */
    public static final OperatorExportType ONNX = new OperatorExportType("ONNX");
    /** Every aten op becomes an {@code ATen} node in domain {@code org.pytorch.aten}. */
    public static final OperatorExportType ONNX_ATEN = new OperatorExportType("ONNX_ATEN");
    /** ONNX where a symbolic function exists, {@code ATen} otherwise. */
    public static final OperatorExportType ONNX_ATEN_FALLBACK = new OperatorExportType("ONNX_ATEN_FALLBACK");
    /** ONNX where possible, the unconverted op in its own domain otherwise. */
    public static final OperatorExportType ONNX_FALLTHROUGH = new OperatorExportType("ONNX_FALLTHROUGH");

    private static final List<OperatorExportType> WELL_KNOWN = List.of(ONNX, ONNX_ATEN, ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH);

    private final String name;

    private OperatorExportType(String name) { this.name = name; }

    /**
     * The type named {@code name} (the constant when it is well known). Fails with an IllegalArgumentException
     * when the name is not upper-case letters, digits and '_', starting with a letter.
     */
    public static OperatorExportType of(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not an operator export type name: use upper-case "
                    + "letters, digits and '_', starting with a letter, e.g. ONNX or ONNX_ATEN_FALLBACK");
        }
        for (OperatorExportType t : WELL_KNOWN) if (t.name.equals(name)) return t;
        return new OperatorExportType(name);
    }

    /** torch's four types, in torch's order: ONNX, ONNX_ATEN, ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH. */
    public static List<OperatorExportType> wellKnown() { return WELL_KNOWN; }

    /** The name, e.g. {@code ONNX_ATEN}. */
    public String name() { return name; }

    @Override public boolean equals(Object o) { return o instanceof OperatorExportType t && t.name.equals(name); }

    @Override public int hashCode() { return name.hashCode(); }

    /** By name; torch's four names sort in torch's order. */
    @Override public int compareTo(OperatorExportType o) { return name.compareTo(o.name); }

    @Override public String toString() { return name; }
}
