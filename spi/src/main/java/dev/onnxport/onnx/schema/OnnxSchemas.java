package dev.onnxport.onnx.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The default-domain ("") ONNX operator schemas with their whole version history, read once,
 * lazily and thread-safely, from the resource made by tools/onnx-schemas.
 *
 * <p>ONNX versions operators by opset: an opset-N model uses, for each operator, the schema with
 * the highest since_version not above N.
 */
public final class OnnxSchemas {
    static final String RESOURCE = "/dev/onnxport/onnx/schemas/onnx-default-domain.json";

    private OnnxSchemas() {}

    /** Initialization-on-demand holder: the JVM runs the load once, on first use, under its class-init lock. */
    private static final class Holder {
        static final SchemaJson.Document DOC = load();
    }

    private static SchemaJson.Document load() {
        try (InputStream in = OnnxSchemas.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("ONNX schema resource " + RESOURCE + " is missing");
            return SchemaJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX schema resource " + RESOURCE, e);
        }
    }

    /**
     * The schema of {@code opType} in force at {@code opset}, or null when the operator does not
     * exist there (not yet introduced, or deprecated by then).
     *
     * @throws IllegalArgumentException when opset is outside 1..{@link #maxOpset()}
     */
    public static OpSchema get(String opType, int opset) {
        OpSchema s = inForce(opType, opset);
        return s == null || s.deprecated() ? null : s;
    }

    /**
     * Like {@link #get} but also returns a deprecated version, so callers can tell "removed at
     * opset N" from "never existed".
     */
    public static OpSchema inForce(String opType, int opset) {
        int max = maxOpset();
        if (opset < 1 || opset > max) {
            throw new IllegalArgumentException("ONNX schemas: opset " + opset + " is outside 1.." + max
                    + " (the schemas come from " + Holder.DOC.source() + ")");
        }
        OpSchema found = null;
        for (OpSchema s : versions(opType)) {
            if (s.sinceVersion() > opset) break;
            found = s;
        }
        return found;
    }

    /** Every version of the operator, oldest first; empty for an unknown operator. */
    public static List<OpSchema> versions(String opType) {
        return Holder.DOC.ops().getOrDefault(opType, List.of());
    }

    /** The since_version of each version of the operator, ascending; empty for an unknown operator. */
    public static int[] sinceVersions(String opType) {
        return versions(opType).stream().mapToInt(OpSchema::sinceVersion).toArray();
    }

    /** Every operator name of the default domain, sorted. */
    public static Set<String> opTypes() {
        return Holder.DOC.ops().keySet();
    }

    /** The newest opset the schemas describe. */
    public static int maxOpset() {
        return Holder.DOC.maxOpset();
    }

    /** Which ONNX release the schemas were taken from. */
    public static String source() {
        return Holder.DOC.source();
    }
}
